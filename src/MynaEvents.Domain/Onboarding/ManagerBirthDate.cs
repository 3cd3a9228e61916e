using MynaEvents.Domain.Decisions;

namespace MynaEvents.Domain.Onboarding;

/// <summary>
/// 施術管理者の生年月日: entered for 施設確認 by registration number. We check that it could be
/// the birth date of the practising manager, an adult, and never keep it.
/// </summary>
public static class ManagerBirthDate
{
    /// <summary>成年年齢: the age of majority in Japan since April 2022.</summary>
    public const int AdultAge = 18;

    public const int OldestPlausibleAge = 120;

    public static DomainRejection? Problem(DateOnly? birthDate, DateOnly today, string field = "managerBirthDate")
    {
        if (birthDate is not { } born)
            return new(field, "required", "is required for 施設確認 by registration number: the manager's birth date (it is checked, never stored)");
        if (born > today)
            return new(field, "birth_date_not_plausible", "must not be in the future");
        var age = AgeOn(born, today);
        if (age < AdultAge)
            return new(field, "birth_date_not_plausible", $"must be the birth date of an adult (at least {AdultAge} years old today)");
        if (age > OldestPlausibleAge)
            return new(field, "birth_date_not_plausible", $"must be a plausible birth date (at most {OldestPlausibleAge} years ago)");
        return null;
    }

    /// <summary>Completed years on <paramref name="day"/>; someone born on 29 February ages on 1 March in common years.</summary>
    public static int AgeOn(DateOnly born, DateOnly day)
    {
        var age = day.Year - born.Year;
        var birthdayThisYear = born.Month == 2 && born.Day == 29 && !DateTime.IsLeapYear(day.Year)
            ? new DateOnly(day.Year, 3, 1)
            : new DateOnly(day.Year, born.Month, born.Day);
        return day < birthdayThisYear ? age - 1 : age;
    }
}
