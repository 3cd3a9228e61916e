namespace MynaEvents.Server.Features.Facilities.Views;

/// <summary>
/// Whether a My Number card was read at a facility with one of the group's registered devices:
/// step 4 of the ministry's guide, which the operation start date (運用開始日) follows. The
/// reception checks are another feature's; it answers from what it keeps.
/// </summary>
public interface ICardReadHistory
{
    /// <summary>Those of <paramref name="facilityIds"/> at which a card was read, in one query.</summary>
    Task<IReadOnlySet<string>> FacilitiesWithACardReadAsync(string tenantId, IReadOnlyCollection<string> facilityIds, CancellationToken cancellationToken);
}
