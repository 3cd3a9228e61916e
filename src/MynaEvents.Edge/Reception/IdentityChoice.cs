namespace MynaEvents.Edge.Reception;

/// <summary>How reception checks that the patient is the card's holder.</summary>
public enum IdentityChoice
{
    /// <summary>目視: staff compare the card's photo with the patient; no PIN.</summary>
    Visual,
    /// <summary>暗証番号: the patient types the 4-digit PIN and the card signs the server's challenge.</summary>
    Pin,
}
