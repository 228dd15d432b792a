using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Catalog.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PublicListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_datasets_Opening",
                table: "datasets");

            migrationBuilder.CreateIndex(
                name: "IX_datasets_Opening_Modified_Identifier",
                table: "datasets",
                columns: new[] { "Opening", "Modified", "Identifier" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_datasets_Opening_Modified_Identifier",
                table: "datasets");

            migrationBuilder.CreateIndex(
                name: "IX_datasets_Opening",
                table: "datasets",
                column: "Opening");
        }
    }
}
