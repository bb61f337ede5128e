using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using ComplaintRouting.IntegrationTests.Infrastructure;
using ComplaintRouting.FloodControl;
using ComplaintRouting.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintRouting.IntegrationTests.Confidentiality;

/// <summary>
/// Sealed data is bound to the table, row and field it was written to: someone who can write to
/// storage but holds no key cannot make one case show another's complaint.
/// </summary>
[Collection(AppCollection.Name)]
public class SealingTests(AppFixture app)
{
    private CaseStore Store => app.Services.GetRequiredService<CaseStore>();

    private async Task<TableEntity> CaseRow(string reference) =>
        (await app.Table(CaseStore.TableName).GetEntityAsync<TableEntity>(reference, "case")).Value;

    [Fact]
    public async Task A_sealed_complaint_copied_into_another_case_does_not_open_there()
    {
        var (first, _) = await app.SubmitAsync(Bodies.Complaint(respondent: "Sealed First"));
        var (second, _) = await app.SubmitAsync(Bodies.Complaint(respondent: "Sealed Second"));
        var source = await CaseRow(first);
        var original = await CaseRow(second);
        var target = new TableEntity(original);
        Assert.Equal(Sealer.Format1, source.GetBinary("Complaint0")![0]);

        foreach (var key in source.Keys.Where(k => k.StartsWith("Complaint", StringComparison.Ordinal)))
            target[key] = source[key];
        await app.Table(CaseStore.TableName).UpdateEntityAsync(target, Azure.ETag.All, TableUpdateMode.Replace);

        var moved = (await Store.LoadAsync(second, default))!;
        Assert.ThrowsAny<CryptographicException>(() => moved.Complaint);
        Assert.Equal("Sealed First", (await Store.LoadAsync(first, default))!.Complaint.Respondent.Name);

        // Put the case back as it was: it is still queued for routing in the shared app.
        await app.Table(CaseStore.TableName).UpdateEntityAsync(original, Azure.ETag.All, TableUpdateMode.Replace);
        Assert.Equal("Sealed Second", (await Store.LoadAsync(second, default))!.Complaint.Respondent.Name);
    }

    [Fact]
    public async Task Sealed_data_opens_only_in_the_field_it_was_sealed_for()
    {
        var sealer = app.Services.GetRequiredService<Sealer>();
        var at = new SealedAt(CaseStore.TableName, "CR-TEST-0001", "case", "State");
        var data = sealer.Seal("{\"status\":\"received\"}", at);

        Assert.Equal("{\"status\":\"received\"}", sealer.Open(data, at));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(data, at with { Field = "Complaint" }));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(data, at with { PartitionKey = "CR-TEST-0002" }));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(data, at with { Table = "Other" }));
        data[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(data, at));
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(data.AsSpan(0, 10), at));
    }

    [Fact]
    public void Data_sealed_in_the_format_before_binding_still_opens()
    {
        // Format 0: [id length][id][nonce][tag][ciphertext], the key id as the only associated data.
        var key = Convert.FromBase64String(app.Settings()["Encryption:Key"]!);
        var id = Encoding.ASCII.GetBytes(app.Settings()["Encryption:KeyId"]!);
        var plaintext = Encoding.UTF8.GetBytes("older complaint");
        var legacy = new byte[1 + id.Length + 28 + plaintext.Length];
        legacy[0] = (byte)id.Length;
        id.CopyTo(legacy, 1);
        var body = legacy.AsSpan(1 + id.Length);
        RandomNumberGenerator.Fill(body[..12]);
        using (var aes = new AesGcm(key, 16)) aes.Encrypt(body[..12], plaintext, body[28..], body.Slice(12, 16), id);

        Assert.Equal("older complaint", app.Services.GetRequiredService<Sealer>().Open(legacy, new SealedAt(CaseStore.TableName, "any", "case", "Complaint")));
    }
}
