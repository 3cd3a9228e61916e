namespace MynaEvents.Server.Security;

/// <summary>Claim types the server issues to authenticated people and devices.</summary>
public static class MynaClaims
{
    /// <summary>The clinic group (tenant) the principal belongs to.</summary>
    public const string Tenant = "myna:tenant";
    public const string Role = "myna:role";
    /// <summary>The facility a reception staff member or a device belongs to.</summary>
    public const string Facility = "myna:facility";
    public const string Device = "myna:device";
    /// <summary>The person's or device's id, for actor metadata and audit.</summary>
    public const string Subject = "myna:sub";
}

public static class MynaRoles
{
    /// <summary>Operates the installation; acts as a group administrator of any group. Bootstrap only.</summary>
    public const string PlatformAdmin = "platform_admin";
    /// <summary>Administers one clinic group: facilities, devices, staff, co-location.</summary>
    public const string GroupAdmin = "group_admin";
    /// <summary>Reads one group's history, read-only.</summary>
    public const string Auditor = "auditor";
    /// <summary>Works at one facility's reception (and sees its co-located partner's shared results).</summary>
    public const string ReceptionStaff = "reception_staff";
    /// <summary>A registered card-reader device of one facility.</summary>
    public const string Device = "device";
}

/// <summary>
/// Authorization policies. Each one also requires that the principal belongs to the route's
/// {tenantId} (a platform administrator belongs to every tenant).
/// </summary>
public static class MynaPolicies
{
    /// <summary>Group administrator of the route's tenant (or platform administrator).</summary>
    public const string GroupAdmin = "group-admin";
    /// <summary>Read access to the whole tenant: auditor or administrator.</summary>
    public const string GroupReader = "group-reader";
    /// <summary>A device or reception staff member of the route's tenant; facility checked by the handler.</summary>
    public const string Reception = "reception";
    /// <summary>A device of the route's tenant.</summary>
    public const string Device = "device";
}

/// <summary>Issues and revokes the credentials of card-reader devices.</summary>
public interface IDeviceCredentials
{
    /// <summary>A one-time activation code for a newly registered device (shown once, stored only as a hash).</summary>
    Task<string> IssueActivationCodeAsync(string tenantId, string facilityId, string deviceId, CancellationToken cancellationToken);

    /// <summary>Ends a device's credential and any unused activation code (the device was retired).</summary>
    Task RevokeAsync(string tenantId, string deviceId, CancellationToken cancellationToken);
}

/// <summary>Answers which facility a facility currently shares results and devices with (併設).</summary>
public interface IColocationLookup
{
    /// <summary>The other facility of the active co-location declaration, or null.</summary>
    Task<string?> ActivePartnerAsync(string tenantId, string facilityId, CancellationToken cancellationToken);
}
