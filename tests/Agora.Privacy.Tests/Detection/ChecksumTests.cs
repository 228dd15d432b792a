using Agora.Privacy.Detection;

namespace Agora.Privacy.Tests.Detection;

public sealed class ChecksumTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("440305198512011237")]
    [InlineData("110101199003074514")]
    public void Valid_resident_ids_pass(string id) => Assert.True(Checksums.IsValidResidentId(id));

    [Theory]
    [InlineData("110105194912310021", "wrong check character")]
    [InlineData("11010519491331002X", "month 13")]
    [InlineData("11010520991231002X", "born in the future")]
    [InlineData("99010519491231002X", "no such province")]
    [InlineData("1101051949123100", "too short")]
    public void Invalid_resident_ids_fail(string id, string why) => Assert.False(Checksums.IsValidResidentId(id), why);

    [Fact]
    public void Check_character_follows_iso_7064_mod_11_2()
    {
        Assert.Equal('X', Checksums.ResidentIdCheckChar("11010519491231002"));
        Assert.Equal('7', Checksums.ResidentIdCheckChar("44030519851201123"));
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("6222 0202 0011 2233 445", false)]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    public void Luhn(string number, bool valid) => Assert.Equal(valid, Checksums.PassesLuhn(number));

    [Fact]
    public void Luhn_check_digit_completes_a_number()
    {
        var body = "622202020011223344";
        Assert.True(Checksums.PassesLuhn(body + Checksums.LuhnCheckDigit(body)));
    }

    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000802100433B")]
    public void Valid_credit_codes_pass(string code) => Assert.True(Checksums.IsValidCreditCode(code));

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91350100M000100Y4")]
    [InlineData("O1350100M000100Y43")]
    public void Invalid_credit_codes_fail(string code) => Assert.False(Checksums.IsValidCreditCode(code));
}
