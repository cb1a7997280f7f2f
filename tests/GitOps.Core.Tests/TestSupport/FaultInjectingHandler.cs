using System.Net;

namespace GitOps.Tests.TestSupport;

/// <summary>
/// Fails chosen client requests on their way to the API server, for retry tests: throttling (429 with Retry-After),
/// unavailability (503), and dropped connections before or after the server handled the request.
/// </summary>
internal sealed class FaultInjectingHandler : DelegatingHandler
{
    private readonly Func<HttpRequestMessage, int, Fault> _plan;
    private int _requests;
    private int _injected;

    /// <param name="plan">Given a request and its number (from 1), the fault to inject.</param>
    public FaultInjectingHandler(Func<HttpRequestMessage, int, Fault> plan) => _plan = plan;

    public enum Fault
    {
        None,
        TooManyRequests,
        Unavailable,
        DropBeforeSending,
        DropAfterHandling,
    }

    public int Injected => Volatile.Read(ref _injected);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var fault = _plan(request, Interlocked.Increment(ref _requests));
        if (fault != Fault.None)
        {
            Interlocked.Increment(ref _injected);
        }

        switch (fault)
        {
            case Fault.TooManyRequests:
                var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
                {
                    Content = new StringContent("""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"TooManyRequests","message":"slow down","code":429}"""),
                };
                throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(10));
                return throttled;
            case Fault.Unavailable:
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent("""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"ServiceUnavailable","message":"etcd is sulking","code":503}"""),
                };
            case Fault.DropBeforeSending:
                throw new HttpRequestException("Connection reset by peer (injected before sending)");
            case Fault.DropAfterHandling:
                using (await base.SendAsync(request, cancellationToken))
                {
                    throw new HttpRequestException("Connection reset by peer (injected after the server answered)");
                }

            default:
                return await base.SendAsync(request, cancellationToken);
        }
    }
}
