namespace RfqSender.Engine.Transports.Graph;

/// <summary>What a request does, which decides how a lost connection is read.</summary>
internal enum GraphRequestKind
{
    /// <summary>Prepares a draft (create, attach, upload): nothing is sent if it is lost.</summary>
    Preparation,

    /// <summary><c>sendMail</c> or a draft's <c>send</c>: once the body was handed over, the message may have gone.</summary>
    Submission,
}
