using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Audit.Migrations.Postgres
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
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    token_id = table.Column<Guid>(type: "uuid", nullable: true),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    distribution_id = table.Column<Guid>(type: "uuid", nullable: true),
                    grant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    purpose = table.Column<string>(type: "text", nullable: true),
                    columns = table.Column<string>(type: "text", nullable: true),
                    row_count = table.Column<long>(type: "bigint", nullable: true),
                    bytes = table.Column<long>(type: "bigint", nullable: true),
                    client_address = table.Column<string>(type: "text", nullable: true),
                    request_id = table.Column<string>(type: "text", nullable: true),
                    details = table.Column<string>(type: "text", nullable: true),
                    previous_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false)
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

            // Append-only in the store too: a stray UPDATE or DELETE fails. Whoever owns the table can drop this, which
            // is what the hash chain and the signed checkpoints are for.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit records are append-only';
                END $$;
                CREATE TRIGGER audit_records_no_change BEFORE UPDATE OR DELETE ON audit_records
                    FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
                CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_records_no_change ON audit_records; DROP TRIGGER IF EXISTS audit_records_no_truncate ON audit_records; DROP FUNCTION IF EXISTS audit_records_append_only();");
            migrationBuilder.DropTable(
                name: "audit_records");
        }
    }
}
