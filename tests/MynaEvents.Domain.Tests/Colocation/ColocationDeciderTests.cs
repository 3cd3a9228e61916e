using MynaEvents.Domain.Colocation;
using MynaEvents.Domain.Devices;
using MynaEvents.Domain.Onboarding;
using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Tests.Colocation;

public sealed class ColocationDeciderTests
{
    private static readonly ColocationParty Judo = Given.Party("fac-j", FacilityKind.Judo, Given.Equipped("dev-j"));
    private static readonly ColocationParty Ahaki = Given.Party("fac-a", FacilityKind.Ahaki, FacilityState.Initial);

    private static Dictionary<string, ColocationParty> Parties(params ColocationParty[] parties) =>
        parties.ToDictionary(p => p.Profile.FacilityId);

    private static DeclareColocation Declare(string[] facilities, string? primary = "fac-j", string[]? devices = null) =>
        new("col-1", facilities, primary, devices ?? ["dev-j"]);


    [Fact]
    public void a_judo_and_an_ahaki_facility_of_one_branch_are_declared_with_their_primary_and_shared_devices()
    {
        var declared = Expect.Accepted<ColocationDeclared>(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-a", "fac-j"]), Parties(Judo, Ahaki)));

        Assert.Equal(("col-1", "br-1", "fac-j", "fac-a", "fac-j"),
            (declared.ColocationId, declared.BranchId, declared.JudoFacilityId, declared.AhakiFacilityId, declared.PrimaryFacilityId));
        Assert.Equal(["dev-j"], declared.SharedDeviceIds);
        Assert.Equal("fac-a", declared.SecondaryFacilityId);
    }

    [Fact]
    public void two_facilities_of_the_same_kind_are_refused()
    {
        var otherJudo = Given.Party("fac-j2", FacilityKind.Judo, FacilityState.Initial);

        var refused = Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-j2"]), Parties(Judo, otherJudo)), "facilityIds", "same_kind");
        Assert.Contains("one judo", refused.Message, StringComparison.Ordinal);
        // Two judo facilities can only be at different branches; the kind is the more telling reason.
        var judoElsewhere = Given.Party("fac-j2", FacilityKind.Judo, FacilityState.Initial, branch: "br-2");
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-j2"]), Parties(Judo, judoElsewhere)), "facilityIds", "same_kind");
    }

    [Fact]
    public void facilities_of_different_branches_are_refused()
    {
        var elsewhere = Given.Party("fac-a", FacilityKind.Ahaki, FacilityState.Initial, branch: "br-2");

        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"]), Parties(Judo, elsewhere)), "facilityIds", "different_branches");
    }

    [Fact]
    public void facilities_of_different_groups_are_refused()
    {
        var foreign = Given.Party("fac-a", FacilityKind.Ahaki, FacilityState.Initial, group: "group-2");

        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"]), Parties(Judo, foreign)), "facilityIds", "different_groups");
    }

    [Theory]
    [InlineData("fac-j")]
    [InlineData("fac-j,fac-j")]
    [InlineData("fac-j,fac-a,fac-x")]
    public void exactly_two_different_facilities_are_named(string facilities) =>
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(facilities.Split(',')), Parties(Judo, Ahaki)), "facilityIds", "two_facilities_required");

    [Fact]
    public void an_unknown_facility_is_refused() =>
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-zz"]), Parties(Judo, Ahaki)), "facilityIds", "unknown_facility");

    [Fact]
    public void the_primary_is_one_of_the_two_facilities()
    {
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], primary: null), Parties(Judo, Ahaki)), "primaryFacilityId", "required");
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], primary: "fac-x"), Parties(Judo, Ahaki)), "primaryFacilityId", "primary_not_a_party");
    }

    [Fact]
    public void the_primary_must_have_introduced_online_confirmation()
    {
        var notApproved = Given.Party("fac-a", FacilityKind.Ahaki, Given.Facility(Given.Submitted()));
        var noDevice = Given.Party("fac-a", FacilityKind.Ahaki, Given.Approved(devices: 1));

        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], primary: "fac-a"), Parties(Judo, notApproved)), "primaryFacilityId", "primary_not_approved");
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], primary: "fac-a"), Parties(Judo, noDevice)), "primaryFacilityId", "primary_has_no_active_device");
    }

    [Fact]
    public void a_facility_already_in_an_active_declaration_is_refused_until_it_is_withdrawn()
    {
        var active = ColocationState.Fold([new ColocationDeclared("col-0", "br-1", "fac-j", "fac-a", "fac-j", ["dev-j"])]);
        var command = Declare(["fac-j", "fac-a"]) with { ColocationId = "col-2" };

        var refused = Expect.Rejected(ColocationDecider.Decide(active, command, Parties(Judo, Ahaki)), "facilityIds", "already_colocated");
        Assert.Contains("col-0", refused.Message, StringComparison.Ordinal);
        var withdrawn = active.Apply(new ColocationWithdrawn("col-0"));
        Expect.Accepted<ColocationDeclared>(ColocationDecider.Decide(withdrawn, command, Parties(Judo, Ahaki)));
    }

    [Fact]
    public void shared_devices_are_active_devices_of_either_facility()
    {
        var ahakiWithDevice = Given.Party("fac-a", FacilityKind.Ahaki, Given.Equipped("dev-a"));
        var judoWithRetired = Given.Party("fac-j", FacilityKind.Judo,
            Given.Facility(Given.Submitted(), Given.Approved(), Given.Device("dev-j"), Given.Device("dev-old"), new DeviceRetired("dev-old", null)));

        Expect.Accepted<ColocationDeclared>(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], devices: ["dev-j", "dev-a"]), Parties(Judo, ahakiWithDevice)));
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], devices: ["dev-old"]), Parties(judoWithRetired, Ahaki)), "sharedDeviceIds", "device_retired");
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], devices: ["dev-elsewhere"]), Parties(Judo, Ahaki)), "sharedDeviceIds", "unknown_device");
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], devices: ["dev-j", "dev-j"]), Parties(Judo, Ahaki)), "sharedDeviceIds", "duplicate_device");
        Expect.Rejected(ColocationDecider.Decide(ColocationState.Initial, Declare(["fac-j", "fac-a"], devices: []), Parties(Judo, Ahaki)), "sharedDeviceIds", "required");
    }

    [Fact]
    public void only_the_active_declaration_can_be_withdrawn()
    {
        var active = ColocationState.Fold([new ColocationDeclared("col-1", "br-1", "fac-j", "fac-a", "fac-j", ["dev-j"])]);

        Expect.Accepted<ColocationWithdrawn>(ColocationDecider.Decide(active, new WithdrawColocation("col-1")));
        Expect.Rejected(ColocationDecider.Decide(active, new WithdrawColocation("col-9")), "colocationId", "unknown_colocation");
        var withdrawn = active.Apply(new ColocationWithdrawn("col-1"));
        Expect.Rejected(ColocationDecider.Decide(withdrawn, new WithdrawColocation("col-1")), "colocationId", "colocation_withdrawn");
    }
}
