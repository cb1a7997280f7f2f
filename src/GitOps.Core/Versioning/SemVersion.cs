using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GitOps.Versioning;

/// <summary>
/// A semantic version (<c>major.minor.patch[-prerelease][+metadata]</c>) as Git tags carry it.
/// </summary>
/// <remarks>
/// <para>
/// Parsing is lenient the way Argo CD's tag resolution is: a leading <c>v</c> is allowed and a missing minor or patch
/// number counts as 0 (<c>v1.2</c> is 1.2.0). Pre-release identifiers follow SemVer 2.0: dot-separated, alphanumeric
/// or hyphen, and numeric identifiers have no leading zeros.
/// </para>
/// <para>
/// Ordering follows SemVer 2.0 precedence: build metadata is ignored, a pre-release sorts below its release, and
/// pre-release identifiers compare numerically when both are numbers. Equality agrees with ordering, so
/// <c>1.0.0+a</c> equals <c>1.0.0+b</c>.
/// </para>
/// </remarks>
public sealed class SemVersion : IComparable<SemVersion>, IEquatable<SemVersion>
{
    private readonly string[] _prereleaseParts;

    /// <summary>Creates a version from its parts.</summary>
    /// <param name="major">The major number.</param>
    /// <param name="minor">The minor number.</param>
    /// <param name="patch">The patch number.</param>
    /// <param name="prerelease">Dot-separated pre-release identifiers, or empty.</param>
    /// <param name="metadata">Dot-separated build metadata, or empty.</param>
    /// <exception cref="ArgumentException">A part is negative or an identifier is malformed.</exception>
    public SemVersion(long major, long minor, long patch, string prerelease = "", string metadata = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(major);
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        ArgumentOutOfRangeException.ThrowIfNegative(patch);
        ArgumentNullException.ThrowIfNull(prerelease);
        ArgumentNullException.ThrowIfNull(metadata);
        if (prerelease.Length > 0 && ValidateIdentifiers(prerelease, isPrerelease: true) is { } preError)
        {
            throw new ArgumentException(preError, nameof(prerelease));
        }

        if (metadata.Length > 0 && ValidateIdentifiers(metadata, isPrerelease: false) is { } metaError)
        {
            throw new ArgumentException(metaError, nameof(metadata));
        }

        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Metadata = metadata;
        _prereleaseParts = prerelease.Length == 0 ? [] : prerelease.Split('.');
    }

    /// <summary>The major number.</summary>
    public long Major { get; }

    /// <summary>The minor number.</summary>
    public long Minor { get; }

    /// <summary>The patch number.</summary>
    public long Patch { get; }

    /// <summary>The pre-release identifiers without the leading <c>-</c>; empty for a release.</summary>
    public string Prerelease { get; }

    /// <summary>The build metadata without the leading <c>+</c>; empty when there is none.</summary>
    public string Metadata { get; }

    /// <summary>Whether this is a pre-release (it has pre-release identifiers).</summary>
    public bool IsPrerelease => Prerelease.Length > 0;

    /// <summary>Parses a version, accepting a leading <c>v</c> and a missing minor or patch number.</summary>
    /// <param name="text">The text, for example <c>v1.2.3-rc.1</c>.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException">The text is not a version; the message says why.</exception>
    public static SemVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var version, out var error)
            ? version
            : throw new FormatException($"'{text}' is not a semantic version: {error}");
    }

    /// <summary>Tries to parse a version like <see cref="Parse"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="version">The version, when the text is one.</param>
    /// <returns>Whether the text is a version.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SemVersion? version) =>
        TryParse(text, out version, out _);

    internal static bool TryParse(string? text, [NotNullWhen(true)] out SemVersion? version, out string error)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "it is empty";
            return false;
        }

        var rest = text.AsSpan();
        if (rest[0] is 'v' or 'V')
        {
            rest = rest[1..];
        }

        var metadata = string.Empty;
        var plus = rest.IndexOf('+');
        if (plus >= 0)
        {
            metadata = rest[(plus + 1)..].ToString();
            rest = rest[..plus];
            if (ValidateIdentifiers(metadata, isPrerelease: false) is { } metaError)
            {
                error = metaError;
                return false;
            }
        }

        var prerelease = string.Empty;
        var dash = rest.IndexOf('-');
        if (dash >= 0)
        {
            prerelease = rest[(dash + 1)..].ToString();
            rest = rest[..dash];
            if (ValidateIdentifiers(prerelease, isPrerelease: true) is { } preError)
            {
                error = preError;
                return false;
            }
        }

        Span<long> numbers = [0, 0, 0];
        var index = 0;
        foreach (var range in rest.Split('.'))
        {
            var part = rest[range];
            if (index == 3)
            {
                error = "it has more than three numbers";
                return false;
            }

            if (part.Length == 0 || !IsDigits(part) ||
                !long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[index]))
            {
                error = $"'{part}' is not a version number";
                return false;
            }

            index++;
        }

        version = new SemVersion(numbers[0], numbers[1], numbers[2], prerelease, metadata);
        error = string.Empty;
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(SemVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var result = Major.CompareTo(other.Major);
        if (result == 0)
        {
            result = Minor.CompareTo(other.Minor);
        }

        if (result == 0)
        {
            result = Patch.CompareTo(other.Patch);
        }

        return result != 0 ? result : ComparePrerelease(_prereleaseParts, other._prereleaseParts);
    }

    /// <inheritdoc />
    public bool Equals(SemVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SemVersion);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Prerelease);

    /// <summary>The canonical text, without a <c>v</c> prefix.</summary>
    /// <returns>For example <c>1.2.0-rc.1+build.5</c>.</returns>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
        if (IsPrerelease)
        {
            text += "-" + Prerelease;
        }

        return Metadata.Length > 0 ? text + "+" + Metadata : text;
    }

    /// <summary>Orders two versions by precedence.</summary>
    public static bool operator <(SemVersion? left, SemVersion? right) => Compare(left, right) < 0;

    /// <summary>Orders two versions by precedence.</summary>
    public static bool operator >(SemVersion? left, SemVersion? right) => Compare(left, right) > 0;

    /// <summary>Orders two versions by precedence.</summary>
    public static bool operator <=(SemVersion? left, SemVersion? right) => Compare(left, right) <= 0;

    /// <summary>Orders two versions by precedence.</summary>
    public static bool operator >=(SemVersion? left, SemVersion? right) => Compare(left, right) >= 0;

    /// <summary>Whether two versions have the same precedence.</summary>
    public static bool operator ==(SemVersion? left, SemVersion? right) => Compare(left, right) == 0;

    /// <summary>Whether two versions differ in precedence.</summary>
    public static bool operator !=(SemVersion? left, SemVersion? right) => Compare(left, right) != 0;

    private static int Compare(SemVersion? left, SemVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static int ComparePrerelease(string[] left, string[] right)
    {
        // A release outranks any of its pre-releases.
        if (left.Length == 0 || right.Length == 0)
        {
            return left.Length == right.Length ? 0 : (left.Length == 0 ? 1 : -1);
        }

        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var a = left[i];
            var b = right[i];
            var aNumeric = IsDigits(a);
            var bNumeric = IsDigits(b);
            int result;
            if (aNumeric && bNumeric)
            {
                // Numeric identifiers have no leading zeros, so a longer one is larger.
                result = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
            }
            else if (aNumeric != bNumeric)
            {
                result = aNumeric ? -1 : 1;
            }
            else
            {
                result = string.CompareOrdinal(a, b);
            }

            if (result != 0)
            {
                return Math.Sign(result);
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    private static string? ValidateIdentifiers(string identifiers, bool isPrerelease)
    {
        var label = isPrerelease ? "pre-release" : "build metadata";
        foreach (var identifier in identifiers.Split('.'))
        {
            if (identifier.Length == 0)
            {
                return $"{label} '{identifiers}' has an empty identifier";
            }

            foreach (var c in identifier)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return $"{label} '{identifiers}' contains '{c}'; only letters, digits and '-' are allowed";
                }
            }

            if (isPrerelease && identifier.Length > 1 && identifier[0] == '0' && IsDigits(identifier))
            {
                return $"pre-release identifier '{identifier}' has a leading zero";
            }
        }

        return null;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
