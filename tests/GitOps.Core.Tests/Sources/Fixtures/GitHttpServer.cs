using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitOps.Tests.Sources.Fixtures;

/// <summary>
/// A real Git smart-HTTP server for tests: a small <see cref="HttpListener"/> host on 127.0.0.1 that runs git's own
/// <c>git http-backend</c> as a CGI program for each request, with optional HTTP basic authentication. It serves
/// every repository under <see cref="ProjectRoot"/> as <c>{BaseUrl}/{name}</c> (non-bare repositories included).
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _backend;
    private readonly (string User, string Password)? _account;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    /// <summary>Starts serving a folder on a free port.</summary>
    /// <param name="projectRoot">The folder whose sub-folders are repositories.</param>
    /// <param name="user">With <paramref name="password"/>, requires basic authentication.</param>
    /// <param name="password">The password (token) required.</param>
    public GitHttpServer(string projectRoot, string? user = null, string? password = null)
    {
        ProjectRoot = projectRoot;
        _backend = Path.Combine(GitCli.ExecPath(), OperatingSystem.IsWindows() ? "git-http-backend.exe" : "git-http-backend");
        if (!File.Exists(_backend))
        {
            throw new FileNotFoundException($"git-http-backend not found at {_backend}");
        }

        _account = user is null || password is null ? null : (user, password);
        Port = FreePort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The folder whose sub-folders are served.</summary>
    public string ProjectRoot { get; }

    /// <summary>The port listened on.</summary>
    public int Port { get; }

    /// <summary>For example <c>http://127.0.0.1:40123</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>A pause before answering pack requests (POST), to let tests cancel a fetch in flight.</summary>
    public TimeSpan PackDelay { get; set; }

    /// <summary>How many HTTP requests arrived so far (rejected ones included).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>The URL of a repository under the root.</summary>
    public string UrlFor(string repositoryName) => $"{BaseUrl}/{repositoryName}";

    /// <summary>A port nothing listens on (just released), for "unreachable server" tests.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Closing the listener ends the accept loop this way.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        var response = context.Response;
        try
        {
            var user = Authenticate(context.Request);
            if (user is null)
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"git\"");
                response.Close();
                return;
            }

            if (PackDelay > TimeSpan.Zero && context.Request.HttpMethod == "POST")
            {
                await Task.Delay(PackDelay);
            }

            await RunBackendAsync(context, user);
        }
        catch (Exception e) when (e is IOException or HttpListenerException or InvalidOperationException)
        {
            // The client went away; nothing to answer.
            response.Abort();
        }
    }

    private string? Authenticate(HttpListenerRequest request)
    {
        if (_account is not { } account)
        {
            return string.Empty;
        }

        var header = request.Headers["Authorization"];
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        return decoded == $"{account.User}:{account.Password}" ? account.User : null;
    }

    private async Task RunBackendAsync(HttpListenerContext context, string user)
    {
        var request = context.Request;
        var start = new ProcessStartInfo(_backend)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = start.Environment;
        GitCli.Isolate(environment);
        environment["GIT_PROJECT_ROOT"] = ProjectRoot;
        environment["GIT_HTTP_EXPORT_ALL"] = "1";
        environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        environment["REQUEST_METHOD"] = request.HttpMethod;
        environment["PATH_INFO"] = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
        environment["CONTENT_TYPE"] = request.ContentType ?? string.Empty;
        environment["REMOTE_ADDR"] = request.RemoteEndPoint.Address.ToString();
        environment["REMOTE_USER"] = user;
        if (request.ContentLength64 >= 0 && request.HasEntityBody)
        {
            environment["CONTENT_LENGTH"] = request.ContentLength64.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Headers["Git-Protocol"] is { } protocol)
        {
            environment["GIT_PROTOCOL"] = protocol;
            environment["HTTP_GIT_PROTOCOL"] = protocol;
        }

        if (request.Headers["Content-Encoding"] is { } encoding)
        {
            environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git http-backend did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var body = Task.Run(async () =>
        {
            if (request.HasEntityBody)
            {
                await request.InputStream.CopyToAsync(process.StandardInput.BaseStream);
            }

            process.StandardInput.Close();
        });

        var output = process.StandardOutput.BaseStream;
        var response = context.Response;
        foreach (var (name, value) in await ReadCgiHeadersAsync(output))
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.AddHeader(name, value);
            }
        }

        response.SendChunked = true;
        await output.CopyToAsync(response.OutputStream);
        await body;
        await process.WaitForExitAsync();
        _ = await stderr;
        response.Close();
    }

    // CGI output starts with header lines ended by an empty line; git uses "\r\n" or "\n".
    private static async Task<List<(string Name, string Value)>> ReadCgiHeadersAsync(Stream output)
    {
        var headers = new List<(string, string)>();
        var line = new List<byte>();
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            if (one[0] != '\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                break;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            headers.Add((text[..colon].Trim(), text[(colon + 1)..].Trim()));
        }

        return headers;
    }
}
