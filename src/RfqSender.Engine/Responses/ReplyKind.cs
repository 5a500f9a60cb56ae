namespace RfqSender.Engine.Responses;

/// <summary>What an inbound message is, as far as a campaign is concerned.</summary>
public enum ReplyKind
{
    /// <summary>A person's answer: the delivery becomes Responded.</summary>
    Reply,

    /// <summary>Sent by a machine for a person (out of office, vacation, ticket acknowledgement): recorded, never counted as an answer.</summary>
    AutoReply,

    /// <summary>A delivery status report or non-delivery report about a message that was sent.</summary>
    Bounce,

    /// <summary>A mailing-list or newsletter message (List-Id, Precedence: list): not an answer to anything.</summary>
    MailingList,
}
