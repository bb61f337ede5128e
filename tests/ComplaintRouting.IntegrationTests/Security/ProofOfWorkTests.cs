using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.FloodControl;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Security;

/// <summary>The proof of work's rules on Azurite with a fake clock: what expires, what is forged, what is reused.</summary>
public sealed class ProofOfWorkTests : AppWithSettings
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Intake:ProofOfWorkBits"] = "8";

    private ProofOfWork Proofs => Services.GetRequiredService<ProofOfWork>();

    [Fact]
    public async Task A_solved_challenge_is_valid_once_and_a_retry_with_its_idempotency_key_again()
    {
        var proof = ProofOfWorkSolver.Solve(Proofs.Issue(), 8);

        Assert.Equal(ProofCheck.Valid, await Proofs.CheckAsync(proof, "key-1", default));
        Assert.Equal(ProofCheck.Valid, await Proofs.CheckAsync(proof, "key-1", default));
        Assert.Equal(ProofCheck.Used, await Proofs.CheckAsync(proof, "key-2", default));
        Assert.Equal(ProofCheck.Used, await Proofs.CheckAsync(proof, "", default));
    }

    [Fact]
    public async Task A_challenge_older_than_its_lifetime_is_expired_even_when_solved()
    {
        var proof = ProofOfWorkSolver.Solve(Proofs.Issue(), 8);
        App.Clock.Advance(ProofOfWork.Lifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(ProofCheck.Expired, await Proofs.CheckAsync(proof, "", default));
    }

    [Fact]
    public async Task A_challenge_with_its_difficulty_lowered_or_its_signature_changed_is_invalid()
    {
        var parts = Proofs.Issue().Split('.');
        var easier = string.Join('.', parts[0], "0", parts[2], parts[3]);
        var otherId = string.Join('.', parts[0], parts[1], "AAAAAAAAAAAAAAAA", parts[3]);

        Assert.Equal(ProofCheck.Invalid, await Proofs.CheckAsync(easier + ":0", "", default));
        Assert.Equal(ProofCheck.Invalid, await Proofs.CheckAsync(ProofOfWorkSolver.Solve(otherId, 8), "", default));
        Assert.Equal(ProofCheck.Missing, await Proofs.CheckAsync("", "", default));
    }

    [Fact]
    public void Leading_zero_bits_are_counted_across_bytes_and_words()
    {
        Assert.Equal(0, ProofOfWork.LeadingZeroBits([0x80, .. new byte[31]]));
        Assert.Equal(15, ProofOfWork.LeadingZeroBits([0x00, 0x01, .. new byte[30]]));
        Assert.Equal(67, ProofOfWork.LeadingZeroBits([.. new byte[8], 0x10, .. new byte[23]]));
        Assert.Equal(256, ProofOfWork.LeadingZeroBits(new byte[32]));
    }
}
