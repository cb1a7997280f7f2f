using System.Text;

namespace GitOps.Testing.Hosting;

/// <summary>Writes the kubeconfig that points kubectl and client libraries at a running emulator.</summary>
internal static class KubeconfigWriter
{
    public const string Name = "gitops-emulator";

    public static string Render(Uri server, string? caPem, string? token, string defaultNamespace)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\nkind: Config\nclusters:\n- name: ").Append(Name).Append("\n  cluster:\n    server: ").Append(server.ToString().TrimEnd('/')).Append('\n');
        if (caPem is not null)
        {
            sb.Append("    certificate-authority-data: ").Append(Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))).Append('\n');
        }

        // Without a token there is no user at all: some clients reject a user entry that has no credentials.
        var hasUser = token is { Length: > 0 };
        if (hasUser)
        {
            // Single-quoted YAML: a quote inside the token is doubled.
            sb.Append("users:\n- name: ").Append(Name).Append("\n  user:\n    token: '").Append(token!.Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
        }
        else
        {
            sb.Append("users: []\n");
        }

        sb.Append("contexts:\n- name: ").Append(Name).Append("\n  context:\n    cluster: ").Append(Name);
        if (hasUser)
        {
            sb.Append("\n    user: ").Append(Name);
        }

        sb.Append("\n    namespace: ").Append(defaultNamespace).Append("\ncurrent-context: ").Append(Name).Append('\n');
        return sb.ToString();
    }
}
