namespace Agora.Tables.Audit;

/// <summary>
/// Receives one event per read of table rows, before the response completes. If it throws, the response is failed
/// (a download is aborted), so a read is never served unrecorded.
/// </summary>
public interface IReadAuditSink
{
    ValueTask RecordAsync(TableReadEvent readEvent, CancellationToken cancellationToken);
}
