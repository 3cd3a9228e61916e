using MynaEvents.Domain.Tenancy;

namespace MynaEvents.Domain.Tests.Tenancy;

public sealed class GroupDeciderTests
{
    private static readonly GroupState NoGroup = GroupState.Initial("group-1");

    private static GroupState WithBranch() => GroupState.Fold("group-1",
        [new GroupCreated("Sakura Clinics"), new BranchOpened("br-1", "Shinjuku", "1-1 Shinjuku, Tokyo")]);

    private static RegisterFacility Register(string id, FacilityKind? kind, string? number = null, string branch = "br-1") =>
        new(id, branch, kind, number ?? Given.RegistrationNumber(), "Sakura " + id, "1-1 Shinjuku, Tokyo");

    [Fact]
    public void a_group_is_created_once_with_its_trimmed_name()
    {
        var created = Expect.Accepted<GroupCreated>(GroupDecider.Decide(NoGroup, new CreateGroup("  Sakura Clinics ")));
        Assert.Equal("Sakura Clinics", created.Name);

        var again = GroupDecider.Decide(NoGroup.Apply(created), new CreateGroup("Other"));
        Expect.Rejected(again, "tenantId", "group_exists");
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("   ", "required")]
    [InlineData("Sakura\nClinics", "control_characters")]
    public void a_group_needs_a_printable_name(string? name, string rule) =>
        Expect.Rejected(GroupDecider.Decide(NoGroup, new CreateGroup(name)), "name", rule);

    [Fact]
    public void a_name_longer_than_the_bound_is_refused() =>
        Expect.Rejected(GroupDecider.Decide(NoGroup, new CreateGroup(new string('a', DisplayText.NameMaxLength + 1))), "name", "too_long");

    [Fact]
    public void a_branch_opens_only_in_an_existing_group_and_with_a_name_unique_in_it()
    {
        Expect.Rejected(GroupDecider.Decide(NoGroup, new OpenBranch("br-1", "Shinjuku", "Tokyo")), "tenantId", "unknown_group");

        var opened = Expect.Accepted<BranchOpened>(GroupDecider.Decide(WithBranch(), new OpenBranch("br-2", "Shibuya", "2-2 Shibuya, Tokyo")));
        Assert.Equal(("br-2", "Shibuya"), (opened.BranchId, opened.Name));

        Expect.Rejected(GroupDecider.Decide(WithBranch(), new OpenBranch("br-3", "SHINJUKU", "elsewhere")), "name", "branch_name_taken");
        Expect.Rejected(GroupDecider.Decide(WithBranch(), new OpenBranch("br-1", "Ikebukuro", "elsewhere")), "branchId", "branch_exists");
        Expect.Rejected(GroupDecider.Decide(WithBranch(), new OpenBranch("br-4", "Ikebukuro", " ")), "address", "required");
    }

    [Fact]
    public void a_facility_is_registered_at_a_known_branch_with_its_number_normalised()
    {
        var registered = Expect.Accepted<FacilityRegistered>(GroupDecider.Decide(WithBranch(), Register("fac-1", FacilityKind.Judo, " 契１２３４５６７－０－０ ")));

        Assert.Equal(("fac-1", "br-1", FacilityKind.Judo, "契1234567-0-0"), (registered.FacilityId, registered.BranchId, registered.Kind, registered.RegistrationNumber));
        Expect.Rejected(GroupDecider.Decide(WithBranch(), Register("fac-2", FacilityKind.Judo, branch: "br-9")), "branchId", "unknown_branch");
        Expect.Rejected(GroupDecider.Decide(WithBranch(), Register("fac-2", null)), "kind", "required");
        Expect.Rejected(GroupDecider.Decide(NoGroup, Register("fac-2", FacilityKind.Judo)), "tenantId", "unknown_group");
        Expect.Rejected(GroupDecider.Decide(WithBranch(), Register("fac-2", FacilityKind.Judo, "1234567-0")), "registrationNumber", "registration_number_format");
    }

    [Fact]
    public void a_branch_holds_one_judo_and_one_ahaki_facility_and_no_more()
    {
        var group = WithBranch().Apply(new FacilityRegistered("fac-j", "br-1", FacilityKind.Judo, Given.RegistrationNumber(1), "Judo", "Tokyo"));

        Expect.Accepted<FacilityRegistered>(GroupDecider.Decide(group, Register("fac-a", FacilityKind.Ahaki, Given.RegistrationNumber(2))));
        var second = Expect.Rejected(GroupDecider.Decide(group, Register("fac-j2", FacilityKind.Judo, Given.RegistrationNumber(3))), "kind", "branch_has_facility_of_kind");
        Assert.Contains("fac-j", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_registration_number_identifies_one_facility_of_the_group()
    {
        var group = WithBranch()
            .Apply(new BranchOpened("br-2", "Shibuya", "Tokyo"))
            .Apply(new FacilityRegistered("fac-j", "br-1", FacilityKind.Judo, Given.RegistrationNumber(1), "Judo", "Tokyo"));

        Expect.Rejected(GroupDecider.Decide(group, Register("fac-x", FacilityKind.Judo, "契１３０００01", "br-2")), "registrationNumber", "registration_number_taken");
    }
}
