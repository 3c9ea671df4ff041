namespace Awaitly;

/// <summary>
/// Identifies one acquisition of a lease: its owner token and its fencing token (a number that grows
/// with every acquisition of the id). Stores check it on writes.
/// </summary>
/// <param name="OwnerToken">The holder's random token.</param>
/// <param name="FencingToken">The acquisition's number.</param>
public readonly record struct LeaseFence(string OwnerToken, long FencingToken);
