using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GitOps.Sharding;

/// <summary>
/// Rendezvous (highest random weight) hashing: each key goes to the member with the highest hash of (member, key).
/// When a member joins or leaves, only the keys it wins or held move.
/// </summary>
public static class RendezvousHash
{
    /// <summary>The member a key belongs to; null when there are no members.</summary>
    /// <param name="key">The key, such as an application name.</param>
    /// <param name="members">The members.</param>
    public static string? Owner(string key, IEnumerable<string> members)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(members);
        string? best = null;
        ulong bestWeight = 0;
        foreach (var member in members)
        {
            var weight = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{member}\n{key}")));
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(member, best) < 0))
            {
                best = member;
                bestWeight = weight;
            }
        }

        return best;
    }
}
