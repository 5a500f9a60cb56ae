namespace RfqSender.Engine.Transports;

/// <summary>
/// A transport that calls <see cref="Messages.OutgoingMessage.ContentStarting"/> right before the
/// message can first reach its destination (SMTP: before the content after DATA; Graph: before the
/// request that submits it; pickup: before the file takes its final name). Until then a stopped or
/// killed run has delivered nothing, so its delivery goes back to the queue instead of being in
/// doubt. A transport that does not implement this is treated as delivering from its first call.
/// </summary>
public interface IReportsContentStart
{
}
