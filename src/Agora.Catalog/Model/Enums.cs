namespace Agora.Catalog.Model;

/// <summary>Administrative level of a government body.</summary>
public enum OrganizationLevel
{
    National,
    Provincial,
    Municipal,
    County,
}

/// <summary>共享属性: whether and how other government bodies may have the data.</summary>
public enum SharingAttribute
{
    Unconditional,
    Conditional,
    NotShared,
}

/// <summary>开放属性: whether and how the public may have the data.</summary>
public enum OpeningAttribute
{
    Open,
    Conditional,
    Closed,
}

/// <summary>数据分级 under the Data Security Law art. 21 and GB/T 43697-2024.</summary>
public enum SecurityGrade
{
    General,
    Important,
    Core,
}

public enum DistributionKind
{
    File,
    Table,
    Api,
}

public enum OrganizationRole
{
    Member,
    Editor,
    Admin,
}

public enum TokenScope
{
    Read,
    Write,
    Admin,
}

public enum UpdateFrequency
{
    RealTime,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Semiannual,
    Annual,
    Irregular,
    Never,
}

/// <summary>How sensitive one field of a dataset is; drives masking and the privacy gate.</summary>
public enum FieldSensitivity
{
    None,
    QuasiIdentifier,
    PersonalSensitive,
    DirectIdentifier,
}
