using Agora.Catalog.Model;

namespace Agora.Catalog.Validation;

/// <summary>The rules of DESIGN.md that tie sharing, opening and security grade together.</summary>
public static class CatalogRules
{
    /// <summary>Returns the field at fault and why, or null when the combination is allowed.</summary>
    public static (string Field, string Reason)? Check(SharingAttribute sharing, OpeningAttribute opening, SecurityGrade grade, string? legalBasis)
    {
        if (grade == SecurityGrade.Core && sharing != SharingAttribute.NotShared)
        {
            return ("sharing", "core data never leaves its owner: sharing must be notShared");
        }

        if (grade == SecurityGrade.Core && opening != OpeningAttribute.Closed)
        {
            return ("opening", "core data never leaves its owner: opening must be closed");
        }

        if (grade == SecurityGrade.Important && opening != OpeningAttribute.Closed)
        {
            return ("opening", "important data is never open to the public: opening must be closed");
        }

        if (grade == SecurityGrade.Important && sharing == SharingAttribute.Unconditional)
        {
            return ("sharing", "important data can only be shared under conditions: sharing must be conditional or notShared");
        }

        if (sharing == SharingAttribute.NotShared && string.IsNullOrWhiteSpace(legalBasis))
        {
            return ("legalBasis", "a dataset that is notShared must state its legal basis");
        }

        return null;
    }

    /// <summary>Every (sharing, opening, grade) combination the rules allow, for demo data and tests.</summary>
    public static IEnumerable<(SharingAttribute Sharing, OpeningAttribute Opening, SecurityGrade Grade)> AllowedCombinations() =>
        from grade in Enum.GetValues<SecurityGrade>()
        from sharing in Enum.GetValues<SharingAttribute>()
        from opening in Enum.GetValues<OpeningAttribute>()
        where Check(sharing, opening, grade, "basis") is null
        select (sharing, opening, grade);
}
