using System.Security.Cryptography;
using NSec.Cryptography;

namespace Agora.Audit.Checkpoints;

/// <summary>
/// The Ed25519 key that signs checkpoints: PKCS#8 PEM (what <c>openssl genpkey -algorithm ed25519</c> writes), mode
/// 0600, with its public key (SubjectPublicKeyInfo PEM) beside it in a <c>.pub</c> file.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    private readonly Key key;

    private AuditSigningKey(Key key, string path)
    {
        this.key = key;
        Path = path;
        PublicKey = new AuditPublicKey(key.PublicKey);
    }

    public string Path { get; }
    public AuditPublicKey PublicKey { get; }

    public static string PublicKeyPath(string privateKeyPath) => System.IO.Path.ChangeExtension(privateKeyPath, ".pub");

    /// <summary>
    /// Loads the key, or creates it when <paramref name="create"/> and there is none. An operator's own key path must
    /// exist: a typo should fail, not quietly start a new key.
    /// </summary>
    public static AuditSigningKey LoadOrCreate(string path, bool create)
    {
        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new FileNotFoundException($"the audit signing key {path} does not exist", path);
            }

            Create(path);
        }

        var blob = File.ReadAllBytes(path);
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        if (!Key.TryImport(Ed25519, blob, KeyBlobFormat.PkixPrivateKeyText, out var imported, in parameters)
            && !Key.TryImport(Ed25519, blob, KeyBlobFormat.PkixPrivateKey, out imported, in parameters))
        {
            throw new InvalidDataException($"{path} is not an Ed25519 private key in PKCS#8 (PEM or DER)");
        }

        var signingKey = new AuditSigningKey(imported!, path);
        var publicPath = PublicKeyPath(path);
        if (!File.Exists(publicPath))
        {
            File.WriteAllText(publicPath, signingKey.PublicKey.Pem);
        }

        return signingKey;
    }

    public byte[] Sign(ReadOnlySpan<byte> message) => Ed25519.Sign(key, message);

    public void Dispose() => key.Dispose();

    private static void Create(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        using var key = Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var pem = key.Export(KeyBlobFormat.PkixPrivateKeyText);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
            file.Write(pem);
            file.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; that key is the one.
            return;
        }

        File.WriteAllText(PublicKeyPath(path), new AuditPublicKey(key.PublicKey).Pem);
    }
}

/// <summary>An Ed25519 public key that checks checkpoint signatures.</summary>
public sealed class AuditPublicKey
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    private readonly PublicKey key;

    internal AuditPublicKey(PublicKey key)
    {
        this.key = key;
        var raw = key.Export(KeyBlobFormat.RawPublicKey);
        Id = Convert.ToHexStringLower(SHA256.HashData(raw).AsSpan(0, 8));
        Pem = System.Text.Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPublicKeyText));
    }

    /// <summary>The first 8 bytes of SHA-256 of the raw key, in hex: names the key in each checkpoint.</summary>
    public string Id { get; }

    public string Pem { get; }

    /// <summary>Reads a SubjectPublicKeyInfo PEM (or DER) file, such as the <c>.pub</c> beside the signing key.</summary>
    public static AuditPublicKey Load(string path)
    {
        var blob = File.ReadAllBytes(path);
        if (!PublicKey.TryImport(Ed25519, blob, KeyBlobFormat.PkixPublicKeyText, out var key)
            && !PublicKey.TryImport(Ed25519, blob, KeyBlobFormat.PkixPublicKey, out key))
        {
            throw new InvalidDataException($"{path} is not an Ed25519 public key (SubjectPublicKeyInfo, PEM or DER)");
        }

        return new AuditPublicKey(key!);
    }

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        signature.Length == Ed25519.SignatureSize && Ed25519.Verify(key, message, signature);
}
