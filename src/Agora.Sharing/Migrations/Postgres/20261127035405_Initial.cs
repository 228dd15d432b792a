using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Sharing.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sharing_agreement_acceptances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TextSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Accepted = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_agreement_acceptances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    Published = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedByUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_api_services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DistributionId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UpstreamUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OpenApi = table.Column<string>(type: "character varying(1000000)", maxLength: 1000000, nullable: true),
                    Endpoints = table.Column<List<string>>(type: "text[]", nullable: false),
                    RatePerSecond = table.Column<int>(type: "integer", nullable: true),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Modified = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_api_services", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerOrganizationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConsumerUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    AllowedFields = table.Column<List<string>>(type: "text[]", nullable: true),
                    RowFilter = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AllowedEndpoints = table.Column<List<string>>(type: "text[]", nullable: true),
                    ValidFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ValidTo = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MaxRowsPerDay = table.Column<long>(type: "bigint", nullable: true),
                    MaxRequestsPerDay = table.Column<long>(type: "bigint", nullable: true),
                    Purpose = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ApprovedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Revoked = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RevokeReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ExpiringNotified = table.Column<bool>(type: "boolean", nullable: false),
                    ExpiredNotified = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_inbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ForBureau = table.Column<bool>(type: "boolean", nullable: false),
                    Kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    TitleZh = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: true),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: true),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Read = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_inbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerOrganizationId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequesterUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Fields = table.Column<List<string>>(type: "text[]", nullable: true),
                    RowScope = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PeriodFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PeriodTo = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AgreementAcceptanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    Submitted = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnswerWorkingDays = table.Column<int>(type: "integer", nullable: false),
                    OverdueNotified = table.Column<bool>(type: "boolean", nullable: false),
                    InfoQuestion = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    InfoAnswer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Decided = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Updated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_webhooks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Description = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ProtectedSecret = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    SecretPrefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_webhooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_grant_usage",
                columns: table => new
                {
                    GrantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Requests = table.Column<long>(type: "bigint", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_grant_usage", x => new { x.GrantId, x.Day });
                    table.ForeignKey(
                        name: "FK_sharing_grant_usage_sharing_grants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "sharing_grants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sharing_attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    MediaType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UploadedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Uploaded = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sharing_attachments_sharing_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "sharing_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sharing_request_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorOrganizationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Action = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    FromState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ToState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_request_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sharing_request_events_sharing_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "sharing_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sharing_webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WebhookId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttempt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastStatus = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Delivered = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_webhook_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sharing_webhook_deliveries_sharing_webhooks_WebhookId",
                        column: x => x.WebhookId,
                        principalTable: "sharing_webhooks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_agreement_acceptances_DatasetId_UserId",
                table: "sharing_agreement_acceptances",
                columns: new[] { "DatasetId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_agreements_DatasetId_Number",
                table: "sharing_agreements",
                columns: new[] { "DatasetId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_api_services_DatasetId",
                table: "sharing_api_services",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_api_services_DistributionId",
                table: "sharing_api_services",
                column: "DistributionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_api_services_OrganizationId_Slug",
                table: "sharing_api_services",
                columns: new[] { "OrganizationId", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_attachments_RequestId",
                table: "sharing_attachments",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_grants_ConsumerOrganizationId",
                table: "sharing_grants",
                column: "ConsumerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_grants_DatasetId_ConsumerOrganizationId",
                table: "sharing_grants",
                columns: new[] { "DatasetId", "ConsumerOrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_grants_DatasetId_ConsumerUserId",
                table: "sharing_grants",
                columns: new[] { "DatasetId", "ConsumerUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_grants_OwnerOrganizationId",
                table: "sharing_grants",
                column: "OwnerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_grants_RequestId",
                table: "sharing_grants",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_inbox_ForBureau_Created",
                table: "sharing_inbox",
                columns: new[] { "ForBureau", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_inbox_OrganizationId_Created",
                table: "sharing_inbox",
                columns: new[] { "OrganizationId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_inbox_UserId_Created",
                table: "sharing_inbox",
                columns: new[] { "UserId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_request_events_RequestId_At",
                table: "sharing_request_events",
                columns: new[] { "RequestId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_requests_ConsumerOrganizationId",
                table: "sharing_requests",
                column: "ConsumerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_requests_DatasetId",
                table: "sharing_requests",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_requests_ProviderOrganizationId_State",
                table: "sharing_requests",
                columns: new[] { "ProviderOrganizationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_requests_RequesterUserId",
                table: "sharing_requests",
                column: "RequesterUserId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_requests_State_DueAt",
                table: "sharing_requests",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_webhook_deliveries_State_NextAttempt",
                table: "sharing_webhook_deliveries",
                columns: new[] { "State", "NextAttempt" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_webhook_deliveries_WebhookId",
                table: "sharing_webhook_deliveries",
                column: "WebhookId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_webhooks_OrganizationId",
                table: "sharing_webhooks",
                column: "OrganizationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sharing_agreement_acceptances");

            migrationBuilder.DropTable(
                name: "sharing_agreements");

            migrationBuilder.DropTable(
                name: "sharing_api_services");

            migrationBuilder.DropTable(
                name: "sharing_attachments");

            migrationBuilder.DropTable(
                name: "sharing_grant_usage");

            migrationBuilder.DropTable(
                name: "sharing_inbox");

            migrationBuilder.DropTable(
                name: "sharing_request_events");

            migrationBuilder.DropTable(
                name: "sharing_webhook_deliveries");

            migrationBuilder.DropTable(
                name: "sharing_grants");

            migrationBuilder.DropTable(
                name: "sharing_requests");

            migrationBuilder.DropTable(
                name: "sharing_webhooks");
        }
    }
}
