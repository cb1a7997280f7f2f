using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitOps.Renderers.Tests.Helm;

/// <summary>A Helm HTTP chart repository on 127.0.0.1: serves a folder's files behind basic authentication.</summary>
internal sealed class ChartRepositoryServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _folder;
    private readonly string _expectedAuthorization;
    private readonly Task _loop;
    private int _requests;
    private int _notModified;

    public ChartRepositoryServer(string folder, int port, string user, string password)
    {
        _folder = folder;
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests answered 304 Not Modified (the client's ETag matched).</summary>
    public int NotModified => Volatile.Read(ref _notModified);

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's disposal.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
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

            Interlocked.Increment(ref _requests);
            using var response = context.Response;
            if (context.Request.Headers["Authorization"] != _expectedAuthorization)
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"charts\"");
                continue;
            }

            var name = Path.GetFileName(context.Request.Url!.AbsolutePath);
            var file = Path.Combine(_folder, name);
            if (name.Length == 0 || !File.Exists(file))
            {
                response.StatusCode = 404;
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(file);
            var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}\"";
            response.AddHeader("ETag", etag);
            if (context.Request.Headers["If-None-Match"] == etag)
            {
                Interlocked.Increment(ref _notModified);
                response.StatusCode = 304;
                response.ContentLength64 = 0;
                continue;
            }

            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }
}
