namespace GitOps.Testing.Diagnostics;

/// <summary>
/// The requests the emulator served, newest last, and counters per verb and resource, so tests can assert
/// how many API calls an operation made. Thread-safe.
/// </summary>
public sealed class ApiRequestLog
{
    private readonly Lock _gate = new();
    private readonly Queue<ApiRequest> _requests = new();
    private readonly Dictionary<(string Verb, string Resource), long> _counts = [];
    private readonly int _capacity;

    internal ApiRequestLog(int capacity)
    {
        _capacity = capacity;
    }

    /// <summary>How many requests were served since start or the last <see cref="Clear"/>.</summary>
    public long Total
    {
        get
        {
            lock (_gate)
            {
                return _counts.Values.Sum();
            }
        }
    }

    /// <summary>The kept requests, oldest first (at most the configured capacity).</summary>
    public IReadOnlyList<ApiRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>How many requests had this verb, on this resource when given.</summary>
    /// <param name="verb">A Kubernetes verb such as <c>patch</c>.</param>
    /// <param name="resource">
    /// A resource such as <c>deployments</c> or <c>deployments.apps</c> (which also count its subresources), or one
    /// subresource such as <c>deployments.apps/status</c>; null for all resources.
    /// </param>
    public long Count(string verb, string? resource = null)
    {
        ArgumentNullException.ThrowIfNull(verb);
        lock (_gate)
        {
            return _counts.Where(c => c.Key.Verb == verb && (resource is null || Matches(c.Key.Resource, resource))).Sum(c => c.Value);
        }
    }

    /// <summary>The counters: (verb, resource as <c>plural.group</c> or <c>plural</c>) to count.</summary>
    public IReadOnlyDictionary<(string Verb, string Resource), long> Counts
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<(string, string), long>(_counts);
            }
        }
    }

    /// <summary>Forgets all requests and counters, to measure one operation.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            _counts.Clear();
        }
    }

    internal void Add(ApiRequest request)
    {
        var resource = request.Group.Length == 0 ? request.Resource : $"{request.Resource}.{request.Group}";
        if (request.Subresource is not null)
        {
            resource += "/" + request.Subresource;
        }

        lock (_gate)
        {
            _counts[(request.Verb, resource)] = _counts.GetValueOrDefault((request.Verb, resource)) + 1;
            if (_capacity == 0)
            {
                return;
            }

            _requests.Enqueue(request);
            while (_requests.Count > _capacity)
            {
                _requests.Dequeue();
            }
        }
    }

    private static bool Matches(string counted, string asked) =>
        counted == asked || counted.StartsWith(asked + ".", StringComparison.Ordinal) || counted.StartsWith(asked + "/", StringComparison.Ordinal);
}
