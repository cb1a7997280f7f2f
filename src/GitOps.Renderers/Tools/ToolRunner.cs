using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using GitOps.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Tools;

/// <summary>
/// Runs external programs for the renderers: no shell (arguments go through <see cref="ProcessStartInfo.ArgumentList"/>),
/// a shared concurrency limit, a timeout per call, and cancellation or timeout ending the whole process tree.
/// </summary>
internal sealed partial class ToolRunner : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly ExternalToolSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<ToolRunner> _logger;
    private long _invocations;

    public ToolRunner(IOptions<ExternalToolSettings> settings, TimeProvider time, ILogger<ToolRunner> logger)
    {
        _settings = settings.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_settings.MaxConcurrency, _settings.MaxConcurrency);
    }

    /// <summary>How many programs this runner has started, version checks included.</summary>
    public long Invocations => Interlocked.Read(ref _invocations);

    public TimeSpan Timeout => _settings.Timeout;

    /// <summary>Runs a program to its end and returns what it printed, whatever its exit code.</summary>
    /// <exception cref="RenderException">The program could not start or ran past the timeout.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; the process tree has been ended.</exception>
    public async Task<ToolResult> RunAsync(ToolCommand command, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunCoreAsync(command, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task<ToolResult> RunCoreAsync(ToolCommand command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command.Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = command.WorkingDirectory,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var timeout = new CancellationTokenSource(_settings.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new RenderException($"Could not start {ToolLocator.DisplayName(command.Tool)} ('{command.Executable}'): {e.Message}", e);
        }

        Interlocked.Increment(ref _invocations);
        if (command.StandardInput is { } input)
        {
            try
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), linked.Token).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The program exited without reading its input; its exit code tells what happened.
            }
        }

        process.StandardInput.Close();
        var stdout = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout, CancellationToken.None);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            await Task.WhenAll(stdoutTask, stderrTask).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            LogEnded(_logger, command.Tool, _time.GetElapsedTime(started).TotalMilliseconds);
            cancellationToken.ThrowIfCancellationRequested();
            throw new RenderException(
                $"{ToolLocator.DisplayName(command.Tool)} did not finish within {_settings.Timeout.TotalSeconds:0.#} s and was stopped; " +
                "raise ExternalToolSettings.Timeout if the input is expected to take that long.");
        }

        var took = _time.GetElapsedTime(started);
        LogFinished(_logger, command.Tool, process.ExitCode, took.TotalMilliseconds);
        return new ToolResult(process.ExitCode, stdout.ToArray(), command.Redact(await stderrTask.ConfigureAwait(false)), took);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "{Tool} exited with {ExitCode} after {ElapsedMilliseconds:F0} ms")]
    private static partial void LogFinished(ILogger logger, ExternalTool tool, int exitCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "{Tool} was stopped after {ElapsedMilliseconds:F0} ms (timeout or cancellation)")]
    private static partial void LogEnded(ILogger logger, ExternalTool tool, double elapsedMilliseconds);
}
