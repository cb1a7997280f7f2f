namespace GitOps.Tests.TestSupport;

/// <summary>Waits for something the system does in the background.</summary>
internal static class Eventually
{
    /// <summary>Waits until a condition holds, polling every 25 ms, failing the test after <paramref name="seconds"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }
}
