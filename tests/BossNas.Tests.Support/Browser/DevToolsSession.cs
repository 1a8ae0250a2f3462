using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BossNas.Tests.Support.Browser;

/// <summary>
/// One Chrome DevTools Protocol connection (a WebSocket on the loopback): commands with their replies, and every event
/// the browser sends kept in arrival order for <see cref="Events"/> and <see cref="WaitForEventAsync"/>.
/// </summary>
public sealed class DevToolsSession : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<(string Method, JsonElement Params)> _events = [];
    private readonly CancellationTokenSource _closing = new();
    private Task _receiver = Task.CompletedTask;
    private int _nextId;

    private DevToolsSession()
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    /// <summary>Connects to a target's <c>webSocketDebuggerUrl</c>.</summary>
    public static async Task<DevToolsSession> ConnectAsync(Uri webSocket, TimeSpan timeout)
    {
        var session = new DevToolsSession();
        using var cts = new CancellationTokenSource(timeout);
        await session._socket.ConnectAsync(webSocket, cts.Token);
        session._receiver = Task.Run(session.ReceiveAsync);
        return session;
    }

    /// <summary>Sends a command and waits for its result; a protocol error is an exception.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, TimeSpan? timeout = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _closing.Token);
        var wait = timeout ?? TimeSpan.FromSeconds(60);
        if (await Task.WhenAny(reply.Task, Task.Delay(wait)) != reply.Task)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"DevTools command {method} got no reply within {wait.TotalSeconds:F0} s");
        }
        return await reply.Task;
    }

    /// <summary>The events received so far, in order.</summary>
    public IReadOnlyList<(string Method, JsonElement Params)> Events
    {
        get { lock (_events) return _events.ToList(); }
    }

    /// <summary>Waits for the first event named <paramref name="method"/> received after the first <paramref name="after"/> events.</summary>
    public async Task<JsonElement> WaitForEventAsync(string method, int after, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_events)
                for (int i = after; i < _events.Count; i++)
                    if (_events[i].Method == method) return _events[i].Params;
            if (_receiver.IsCompleted) throw new InvalidOperationException($"the DevTools connection closed before {method}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {method} within {timeout.TotalSeconds:F0} s");
            await Task.Delay(50);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var pending in _pending.Values) pending.TrySetException(new InvalidOperationException("the DevTools connection closed"));
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var id))
        {
            if (!_pending.TryRemove(id.GetInt32(), out var reply)) return;
            if (message.TryGetProperty("error", out var error)) reply.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
            else reply.TrySetResult(message.GetProperty("result"));
        }
        else if (message.TryGetProperty("method", out var method))
        {
            var parameters = message.TryGetProperty("params", out var p) ? p : default;
            lock (_events) _events.Add((method.GetString()!, parameters));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try { await _receiver; }
        catch (OperationCanceledException) { }
        _socket.Dispose();
        _closing.Dispose();
    }
}
