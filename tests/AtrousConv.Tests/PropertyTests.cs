using System.Globalization;
using CsCheck;

namespace AtrousConv.Tests;

/// <summary>
/// Random argument sets, right and wrong, for every entry point of the .NET face, every element type, every kernel
/// variant and several thread counts (<see cref="PropertySettings"/>): each call must do what the reference kernel
/// on one thread does — the same numbers, or the same ArgumentException-family rejection naming the same parameter
/// with every destination untouched — and a valid call's numbers are the definition's (<see cref="PropertyOracle"/>).
/// No other exception may escape the public API.
/// </summary>
[TestClass]
public sealed class PropertyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void EveryEntryPointAgreesWithTheReferenceOrRejectsBeforeWriting()
    {
        long valid = 0, rejected = 0;
        var started = DateTime.UtcNow;
        Gen.Int[0, 9999].Array[PropertyCase.Genes].Select(PropertyCase.From).Sample(
            c =>
            {
                PropertyOutcome expected = PropertyRunner.Run(c, KernelVariant.Reference, 1);
                PropertyOutcome actual = PropertyRunner.Run(c, c.Variant, c.Threads);
                Assert.IsTrue(PropertyOutcome.Same(expected, actual), $"{c}: reference gave {expected}, {c.Variant} x{c.Threads} gave {actual}");
                if (expected.Valid)
                {
                    var definition = new PropertyOutcome(null, PropertyOracle.Expected(c));
                    Assert.IsTrue(PropertyOutcome.Same(definition, actual), $"{c}: the definition gives {definition}, the face gave {actual}");
                }

                Interlocked.Increment(ref expected.Valid ? ref valid : ref rejected);
            },
            seed: PropertySettings.Seed,
            iter: PropertySettings.Cases,
            print: c => c.ToString());
        string summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{PropertySettings.Cases} cases (seed {PropertySettings.Seed}): {valid} valid, {rejected} rejected, {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        TestContext.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("ATROUSCONV_PROPERTY_LOG") is { Length: > 0 } log)
        {
            File.AppendAllText(log, summary + Environment.NewLine);
        }

        // A generator that only made rejected calls (or only valid ones) would test half the promise.
        Assert.IsGreaterThan(PropertySettings.Cases / 5, valid, summary);
        Assert.IsGreaterThan(PropertySettings.Cases / 10, rejected, summary);
    }
}
