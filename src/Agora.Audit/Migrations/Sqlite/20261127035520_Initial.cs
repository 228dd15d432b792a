using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Audit.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    time = table.Column<long>(type: "INTEGER", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    user_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    organization_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    token_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    dataset_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    owner_organization_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    distribution_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    grant_id = table.Column<byte[]>(type: "BLOB", nullable: true),
                    purpose = table.Column<string>(type: "TEXT", nullable: true),
                    columns = table.Column<string>(type: "TEXT", nullable: true),
                    row_count = table.Column<long>(type: "INTEGER", nullable: true),
                    bytes = table.Column<long>(type: "INTEGER", nullable: true),
                    client_address = table.Column<string>(type: "TEXT", nullable: true),
                    request_id = table.Column<string>(type: "TEXT", nullable: true),
                    details = table.Column<string>(type: "TEXT", nullable: true),
                    previous_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_records", x => x.sequence);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_action",
                table: "audit_records",
                columns: new[] { "action", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_dataset",
                table: "audit_records",
                columns: new[] { "dataset_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_organization",
                table: "audit_records",
                columns: new[] { "organization_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_owner",
                table: "audit_records",
                columns: new[] { "owner_organization_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_time",
                table: "audit_records",
                column: "time");

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_user",
                table: "audit_records",
                columns: new[] { "user_id", "sequence" });

            // Append-only in the store too: a stray UPDATE or DELETE fails. Whoever can write the file can drop these,
            // which is what the hash chain and the signed checkpoints are for.
            migrationBuilder.Sql("CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_records_no_update; DROP TRIGGER IF EXISTS audit_records_no_delete;");
            migrationBuilder.DropTable(
                name: "audit_records");
        }
    }
}
