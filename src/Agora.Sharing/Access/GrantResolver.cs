using Agora.Catalog.Accounts;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Sharing.Model;
using Agora.Sharing.Storage;
using Agora.Sharing.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Sharing.Access;

// The store contexts come from the request's scope when first needed: a call served from GrantCache builds none.
internal sealed class GrantResolver(IServiceProvider services, TimeProvider time, WorkingCalendar calendar, GrantCache cache, QuotaReservations reservations) : IGrantResolver
{
    private CatalogDbContext? catalogContext;
    private SharingDbContext? sharingContext;

    private CatalogDbContext Catalog => catalogContext ??= services.GetRequiredService<CatalogDbContext>();

    private SharingDbContext Db => sharingContext ??= services.GetRequiredService<SharingDbContext>();

    public async Task<EffectiveAccess> ResolveAsync(Caller caller, Guid datasetId, CancellationToken cancellationToken = default)
    {
        if (!cache.TryDataset(datasetId, out var dataset))
        {
            var version = cache.Version;
            dataset = await LoadDatasetAsync(datasetId, cancellationToken);
            cache.Dataset(datasetId, dataset, version);
        }

        if (dataset is null || !caller.CanSee(dataset))
        {
            return EffectiveAccess.NotVisible(datasetId);
        }

        return await DecideAsync(caller, dataset, cancellationToken);
    }

    private Task<Dataset?> LoadDatasetAsync(Guid datasetId, CancellationToken cancellationToken) =>
        Catalog.Datasets.AsNoTracking()
            .Where(d => d.Id == datasetId)
            .Select(d => new Dataset
            {
                Id = d.Id,
                Identifier = d.Identifier,
                TitleZh = d.TitleZh,
                License = d.License,
                OrganizationId = d.OrganizationId,
                Sharing = d.Sharing,
                Opening = d.Opening,
                SecurityGrade = d.SecurityGrade,
                LegalBasis = d.LegalBasis,
            })
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<EffectiveAccess> DecideAsync(Caller caller, Dataset dataset, CancellationToken cancellationToken)
    {
        var datasetId = dataset.Id;
        var owner = dataset.OrganizationId;
        if (caller.IsMemberOf(owner))
        {
            return EffectiveAccess.Full(datasetId, owner, FullAccessBasis.Owner);
        }

        if (dataset.SecurityGrade == SecurityGrade.Core)
        {
            return EffectiveAccess.Denied(datasetId, owner, DenialCode.CoreData, "core data never leaves its owner");
        }

        if (dataset.Opening == OpeningAttribute.Open)
        {
            return EffectiveAccess.Full(datasetId, owner, FullAccessBasis.Open);
        }

        if (caller.UserId is not { } userId)
        {
            return dataset.Opening == OpeningAttribute.Conditional
                ? EffectiveAccess.Denied(datasetId, owner, DenialCode.NotSignedIn, "the dataset is open under conditions: sign in, accept its data use agreement and apply")
                : EffectiveAccess.Denied(datasetId, owner, DenialCode.NotShared, "the dataset is closed to the public");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var organizations = caller.Roles.Keys.Order().ToList();
        var key = (datasetId, userId, string.Join(',', organizations));
        if (!cache.TryGrants(key, out var grants) || grants is null)
        {
            var version = cache.Version;
            grants = await Db.Grants.AsNoTracking()
                .Where(g => g.DatasetId == datasetId
                    && ((g.ConsumerOrganizationId != null && organizations.Contains(g.ConsumerOrganizationId.Value)) || g.ConsumerUserId == userId))
                .OrderByDescending(g => g.Created)
                .Take(50)
                .ToListAsync(cancellationToken);
            cache.Grants(key, grants, version);
        }


        // A grant holds only while the dataset's attributes still allow its kind: a dataset that has become notShared
        // (or closed) serves rows to nobody but its owner, whatever was granted before.
        var allowedByAttributes = grants.Where(g => g.Kind == RequestKind.Sharing
            ? dataset.Sharing != SharingAttribute.NotShared
            : dataset.Opening == OpeningAttribute.Conditional).ToList();
        if (grants.Count > 0 && allowedByAttributes.Count == 0)
        {
            return EffectiveAccess.Denied(datasetId, owner, DenialCode.NotShared, NotSharedReason(dataset));
        }

        EffectiveAccess? exhausted = null;
        foreach (var grant in allowedByAttributes.Where(g => g.Revoked is null && g.ValidFrom <= now && now < g.ValidTo))
        {
            var access = await ToAccessAsync(grant, now, cancellationToken);
            if (access.Level == AccessLevel.Granted)
            {
                return access;
            }

            exhausted ??= access;
        }

        if (exhausted is not null)
        {
            return exhausted;
        }

        var newest = allowedByAttributes.FirstOrDefault();
        if (newest is not null)
        {
            return newest switch
            {
                { Revoked: { } revoked } => EffectiveAccess.Denied(datasetId, owner, DenialCode.GrantRevoked,
                    $"the grant was revoked on {revoked:u}: {newest.RevokeReason}", newest.Id),
                _ when now >= newest.ValidTo => EffectiveAccess.Denied(datasetId, owner, DenialCode.GrantExpired,
                    $"the grant expired on {newest.ValidTo:u}", newest.Id),
                _ => EffectiveAccess.Denied(datasetId, owner, DenialCode.GrantNotYetValid,
                    $"the grant is valid from {newest.ValidFrom:u}", newest.Id),
            };
        }

        if (caller.IsGovernment && caller.Roles.Count > 0)
        {
            return dataset.Sharing switch
            {
                SharingAttribute.NotShared => EffectiveAccess.Denied(datasetId, owner, DenialCode.NotShared, NotSharedReason(dataset)),
                SharingAttribute.Unconditional => EffectiveAccess.Denied(datasetId, owner, DenialCode.NoGrant,
                    "no grant yet: the dataset is shared without conditions, so a request (POST /api/v1/requests) is granted at once"),
                _ => EffectiveAccess.Denied(datasetId, owner, DenialCode.NoGrant,
                    "no grant: the dataset is shared under conditions; request it (POST /api/v1/requests)"),
            };
        }

        return dataset.Opening == OpeningAttribute.Conditional
            ? EffectiveAccess.Denied(datasetId, owner, DenialCode.NoGrant, "no grant: accept the dataset's data use agreement and apply (POST /api/v1/requests)")
            : EffectiveAccess.Denied(datasetId, owner, DenialCode.NotShared, "the dataset is closed to the public");
    }

    public async Task<QuotaUse> RecordUseAsync(Guid grantId, long rows, CancellationToken cancellationToken = default)
    {
        var refusal = await CountUseAsync(grantId, rows, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var day = calendar.DayNumber(time.GetUtcNow().UtcDateTime);
        var grant = await Db.Grants.AsNoTracking().FirstAsync(g => g.Id == grantId, cancellationToken);
        var usage = await Db.GrantUsage.AsNoTracking().FirstOrDefaultAsync(u => u.GrantId == grantId && u.Day == day, cancellationToken);
        var (remainingRows, remainingRequests) = Remaining(grant, usage, reservations.Unused(grantId, day));
        return new QuotaUse(true, remainingRows, remainingRequests, null);
    }

    /// <summary>
    /// Counts one gateway call (no rows); null when counted, otherwise the refusal. On a grant with a request quota the
    /// call is served from this node's block of calls already counted in the store (<see cref="QuotaReservations"/>),
    /// and when the block is used up one conditional UPDATE takes the next; otherwise, and when the store refuses a
    /// block, the call is counted alone, exactly as <see cref="CountUseAsync"/> does.
    /// </summary>
    internal async Task<QuotaUse?> CountCallAsync(Guid grantId, long? limit, long? remaining, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var day = calendar.DayNumber(now);
        if (limit is not { } max || remaining is not { } left)
        {
            return await CountUseAsync(grantId, 0, cancellationToken);
        }

        if (reservations.TryTake(grantId, day, max))
        {
            return null;
        }

        var gate = reservations.Gate(grantId, day);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another call may have taken a block while this one waited.
            if (reservations.TryTake(grantId, day, max))
            {
                return null;
            }

            var block = QuotaReservations.BlockSize(left);
            if (block > 1 && await CountAsync(grantId, day, 0, now, cancellationToken, requests: block) == 1)
            {
                reservations.Add(grantId, day, block - 1, max, left - block);
                return null;
            }
        }
        finally
        {
            gate.Release();
        }

        return await CountUseAsync(grantId, 0, cancellationToken);
    }

    /// <summary>Counts one use; null when counted, otherwise the refusal. One UPDATE when all is well.</summary>
    internal async Task<QuotaUse?> CountUseAsync(Guid grantId, long rows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var now = time.GetUtcNow().UtcDateTime;
        var day = calendar.DayNumber(now);
        if (await CountAsync(grantId, day, rows, now, cancellationToken) == 1)
        {
            return null;
        }

        var grant = await Db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
        {
            return QuotaUse.Refused($"grant {grantId} does not exist");
        }

        if (grant.Revoked is not null)
        {
            return QuotaUse.Refused("the grant has been revoked");
        }

        if (now < grant.ValidFrom || now >= grant.ValidTo)
        {
            return QuotaUse.Refused(now < grant.ValidFrom ? "the grant is not valid yet" : "the grant has expired");
        }

        // The first use of the day creates the counter; a concurrent first use may create it first.
        if (!await Db.GrantUsage.AnyAsync(u => u.GrantId == grantId && u.Day == day, cancellationToken))
        {
            try
            {
                Db.GrantUsage.Add(new GrantUsage { GrantId = grantId, Day = day });
                await Db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node created it; count against that one.
            }
            finally
            {
                Db.ChangeTracker.Clear();
            }

            if (await CountAsync(grantId, day, rows, now, cancellationToken) == 1)
            {
                return null;
            }
        }

        var usage = await Db.GrantUsage.AsNoTracking().FirstOrDefaultAsync(u => u.GrantId == grantId && u.Day == day, cancellationToken);
        var (remainingRows, remainingRequests) = Remaining(grant, usage, reservations.Unused(grantId, day));
        return new QuotaUse(false, remainingRows, remainingRequests, QuotaReason(grant, usage, rows));
    }

    /// <summary>
    /// One UPDATE whose WHERE holds the grant's validity and limits: the store checks and counts in one step, so
    /// concurrent uses on several nodes can never together go over the quota, nor count on a revoked grant.
    /// </summary>
    /// A block of <paramref name="requests"/> calls is taken the same way (see <see cref="QuotaReservations"/>).
    private Task<int> CountAsync(Guid grantId, int day, long rows, DateTime now, CancellationToken cancellationToken, long requests = 1) =>
        Db.GrantUsage
            .Where(u => u.GrantId == grantId && u.Day == day
                && Db.Grants.Any(g => g.Id == grantId && g.Revoked == null && g.ValidFrom <= now && now < g.ValidTo
                    && (g.MaxRequestsPerDay == null || u.Requests + requests <= g.MaxRequestsPerDay)
                    && (g.MaxRowsPerDay == null || u.Rows + rows <= g.MaxRowsPerDay)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.Requests, u => u.Requests + requests)
                .SetProperty(u => u.Rows, u => u.Rows + rows), cancellationToken);

    private async Task<EffectiveAccess> ToAccessAsync(Grant grant, DateTime now, CancellationToken cancellationToken)
    {
        long? remainingRows = null;
        long? remainingRequests = null;
        if (grant.MaxRowsPerDay is not null || grant.MaxRequestsPerDay is not null)
        {
            var day = calendar.DayNumber(now);
            GrantUsage? usage = null;

            // While this node holds counted calls for a requests-only quota, the quota is not used up: no store read.
            if (grant is { MaxRowsPerDay: null, MaxRequestsPerDay: { } max } && reservations.Remaining(grant.Id, day, max) is { } held)
            {
                remainingRequests = held;
            }
            else
            {
                usage = await Db.GrantUsage.AsNoTracking().FirstOrDefaultAsync(u => u.GrantId == grant.Id && u.Day == day, cancellationToken);
                (remainingRows, remainingRequests) = Remaining(grant, usage, reservations.Unused(grant.Id, day));
            }

            if (remainingRows <= 0 || remainingRequests <= 0)
            {
                return new EffectiveAccess
                {
                    Level = AccessLevel.Denied,
                    DatasetId = grant.DatasetId,
                    OwnerOrganizationId = grant.OwnerOrganizationId,
                    Denial = DenialCode.QuotaExhausted,
                    Reason = QuotaReason(grant, usage, 0),
                    GrantId = grant.Id,
                    Expires = grant.ValidTo,
                    RemainingRows = remainingRows,
                    RemainingRequests = remainingRequests,
                };
            }
        }

        return new EffectiveAccess
        {
            Level = AccessLevel.Granted,
            DatasetId = grant.DatasetId,
            OwnerOrganizationId = grant.OwnerOrganizationId,
            GrantId = grant.Id,
            Purpose = grant.Purpose,
            AllowedFields = grant.AllowedFields,
            RowFilter = grant.RowFilter,
            AllowedEndpoints = grant.AllowedEndpoints,
            Expires = grant.ValidTo,
            RemainingRows = remainingRows,
            RemainingRequests = remainingRequests,
            MaxRequestsPerDay = grant.MaxRequestsPerDay,
            ConsumerOrganizationId = grant.ConsumerOrganizationId,
            ConsumerUserId = grant.ConsumerUserId,
        };
    }

    // The store's count includes the calls this node reserved and has not served yet; they are still this node's to serve.
    private static (long? Rows, long? Requests) Remaining(Grant grant, GrantUsage? usage, long unused) =>
        (grant.MaxRowsPerDay is { } rows ? Math.Max(0, rows - (usage?.Rows ?? 0)) : null,
         grant.MaxRequestsPerDay is { } requests ? Math.Max(0, requests - ((usage?.Requests ?? 0) - unused)) : null);

    private string QuotaReason(Grant grant, GrantUsage? usage, long rows)
    {
        var parts = new List<string>();
        if (grant.MaxRequestsPerDay is { } requests && (usage?.Requests ?? 0) + 1 > requests)
        {
            parts.Add($"{requests} requests");
        }

        if (grant.MaxRowsPerDay is { } maxRows && (usage?.Rows ?? 0) + Math.Max(rows, 1) > maxRows)
        {
            parts.Add($"{maxRows} rows");
        }

        var what = parts.Count == 0 ? "quota" : string.Join(" and ", parts);
        var reset = calendar.StartOf(calendar.LocalDate(time.GetUtcNow().UtcDateTime).AddDays(1));
        return $"the grant's daily quota ({what} a day) is used up; it resets at {reset:u}";
    }

    private static string NotSharedReason(Dataset dataset) =>
        dataset.LegalBasis is { Length: > 0 } basis
            ? $"the dataset serves rows to nobody but its owner (legal basis: {basis})"
            : "the dataset serves rows to nobody but its owner";
}
