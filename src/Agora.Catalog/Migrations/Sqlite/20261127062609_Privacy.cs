using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Catalog.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Privacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dataset_privacy",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Scan = table.Column<string>(type: "TEXT", nullable: true),
                    ScannedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ScannedVersions = table.Column<string>(type: "TEXT", nullable: true),
                    Verdict = table.Column<string>(type: "TEXT", nullable: true),
                    GatePassed = table.Column<bool>(type: "INTEGER", nullable: true),
                    VerdictAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedGrade = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DecidedSharing = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DecidedOpening = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DecisionOverrides = table.Column<bool>(type: "INTEGER", nullable: false),
                    DecisionReasons = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dataset_privacy", x => x.DatasetId);
                    table.ForeignKey(
                        name: "FK_dataset_privacy_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "privacy_budget_spends",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EpsilonMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    Query = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_privacy_budget_spends", x => x.Id);
                    table.ForeignKey(
                        name: "FK_privacy_budget_spends_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "privacy_budgets",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LimitMicros = table.Column<long>(type: "INTEGER", nullable: false),
                    SpentMicros = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_privacy_budgets", x => new { x.Consumer, x.DatasetId });
                    table.ForeignKey(
                        name: "FK_privacy_budgets_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_privacy_budget_spends_DatasetId_Consumer_At",
                table: "privacy_budget_spends",
                columns: new[] { "DatasetId", "Consumer", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_privacy_budgets_DatasetId",
                table: "privacy_budgets",
                column: "DatasetId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dataset_privacy");

            migrationBuilder.DropTable(
                name: "privacy_budget_spends");

            migrationBuilder.DropTable(
                name: "privacy_budgets");
        }
    }
}
