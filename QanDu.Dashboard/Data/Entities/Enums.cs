namespace QanDu.Dashboard.Data.Entities;

public enum MessageType { Text, Image, File, System }

public enum SenderType { User, Ai, System }

/// <summary>Delivery state from the sender's point of view; it only moves forward, except to Failed.</summary>
public enum MessageStatus { Sending, Sent, Delivered, Read, Failed }

public enum ThreadType { Direct, Group, Ai }

/// <summary>
/// Active is open; Archived is an archived staff thread or a resolved customer conversation (one concept in every view);
/// Pending waits on the assistant; Snoozed is hidden until <c>SnoozedUntil</c> or the customer's next message.
/// </summary>
public enum ThreadStatus { Active, Archived, Pending, Snoozed }

public enum PriorityLevel { Low, Normal, High, Urgent }

public enum AttachmentType { Image, Document, Video, Audio }

public enum PresenceStatus { Offline, Online, Away, Busy }
