using System.Text.RegularExpressions;
using ComplaintRouting.Intake;

namespace ComplaintRouting.UnitTests.Intake;

public class CaseCodesTests
{
    [Fact]
    public void A_reference_is_short_and_read_back_whatever_the_case_or_confusable_letters()
    {
        var reference = CaseCodes.NewReference();

        Assert.Matches(new Regex("^CR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"), reference);
        Assert.Equal(reference, CaseCodes.NormalizeReference(reference.ToLowerInvariant()));
        Assert.Equal("CR-0011-ABCD", CaseCodes.NormalizeReference("cr oOiL abcd"));
        Assert.Null(CaseCodes.NormalizeReference("CR-1234"));
        Assert.Null(CaseCodes.NormalizeReference("../../etc"));
    }

    [Fact]
    public void Follow_up_codes_carry_at_least_80_random_bits_and_differ_each_time()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => CaseCodes.NewFollowUpCode()).ToArray();

        Assert.All(codes, c => Assert.Matches(new Regex("^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$"), c));
        Assert.Equal(codes.Length, codes.Distinct().Count());
    }

    [Fact]
    public void Only_the_right_code_verifies_against_its_salted_hash_and_typing_slips_are_forgiven()
    {
        var code = CaseCodes.NewFollowUpCode();
        var (salt, hash) = CaseCodes.HashFollowUpCode(code);
        var (otherSalt, otherHash) = CaseCodes.HashFollowUpCode(code);

        Assert.NotEqual(hash, otherHash); // salted
        Assert.True(CaseCodes.Verify(code, salt, hash));
        Assert.True(CaseCodes.Verify(code.ToLowerInvariant().Replace("-", " "), salt, hash));
        Assert.False(CaseCodes.Verify(CaseCodes.NewFollowUpCode(), salt, hash));
        Assert.False(CaseCodes.Verify(null, salt, hash));
        Assert.True(CaseCodes.Verify(code, otherSalt, otherHash));
    }

    [Fact]
    public void A_derived_code_is_the_same_for_the_same_material_and_secret_only()
    {
        var secret = new byte[32];
        var a = CaseCodes.DeriveFollowUpCode(secret, "key|body");

        Assert.Equal(a, CaseCodes.DeriveFollowUpCode(secret, "key|body"));
        Assert.NotEqual(a, CaseCodes.DeriveFollowUpCode(secret, "key|other"));
        Assert.NotEqual(a, CaseCodes.DeriveFollowUpCode(Enumerable.Repeat((byte)1, 32).ToArray(), "key|body"));
    }
}
