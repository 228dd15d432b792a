using System.Globalization;

namespace Agora.Web.Localization;

/// <summary>
/// The portal's words in Chinese and English. A dictionary in code keeps each pair side by side, which is easier to
/// review than two resource files; a missing English text falls back to the Chinese one.
/// </summary>
public sealed class Texts
{
    private static readonly Dictionary<string, (string Zh, string En)> Words = new(StringComparer.Ordinal)
    {
        ["site.name"] = ("Agora 政务数据共享开放平台", "Agora Government Data Sharing and Open Data"),
        ["site.short"] = ("Agora", "Agora"),
        ["nav.home"] = ("首页", "Home"),
        ["nav.datasets"] = ("数据目录", "Datasets"),
        ["nav.organizations"] = ("提供单位", "Organizations"),
        ["nav.api"] = ("接口文档", "API"),
        ["nav.console"] = ("管理台", "Console"),
        ["nav.login"] = ("登录", "Sign in"),
        ["nav.logout"] = ("退出", "Sign out"),
        ["nav.language"] = ("English", "中文"),
        ["nav.skip"] = ("跳到正文", "Skip to content"),
        ["login.title"] = ("登录", "Sign in"),
        ["login.email"] = ("电子邮箱", "E-mail"),
        ["login.password"] = ("密码", "Password"),
        ["login.submit"] = ("登录", "Sign in"),
        ["login.failed"] = ("邮箱或密码不正确。", "The e-mail or the password is not right."),
        ["login.required"] = ("请填写邮箱和密码。", "Enter your e-mail and password."),
        ["login.external"] = ("通过统一身份认证登录", "Sign in with the identity provider"),
        ["login.local-disabled"] = ("本平台使用统一身份认证，不支持本地密码登录。", "This platform uses the identity provider; local passwords are turned off."),
        ["logout.title"] = ("退出登录", "Sign out"),
        ["logout.confirm"] = ("确定退出当前账号？", "Sign out of this account?"),
        ["denied.title"] = ("无权访问", "Access denied"),
        ["denied.body"] = ("当前账号无权访问该页面。", "This account may not open that page."),
        ["footer.about"] = ("Agora 是开源的政务数据共享与公共数据开放平台。", "Agora is an open-source platform for government data sharing and open data."),
    };

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public string this[string key] => Get(key);

    public static string Get(string key) =>
        Words.TryGetValue(key, out var text) || PortalWords.All.TryGetValue(key, out text) || SharingWords.All.TryGetValue(key, out text) ? (IsEnglish ? text.En : text.Zh) : key;

    /// <summary>A text with placeholders ({0}) filled in the reader's culture.</summary>
    public static string Format(string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(key), args);

    /// <summary>Picks the text in the reader's language from a multilingual pair, falling back to the other.</summary>
    public static string Pick(string? zh, string? en) =>
        IsEnglish ? (string.IsNullOrWhiteSpace(en) ? zh ?? "" : en) : (string.IsNullOrWhiteSpace(zh) ? en ?? "" : zh);

    public static string LanguageTag => IsEnglish ? "en" : "zh-CN";
}
