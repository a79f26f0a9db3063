using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;
using Google.Protobuf;

namespace AtrousConv.Tests;

/// <summary>
/// The text format beyond TensorFlow's own files: what protobuf's text parser also accepts, what it rejects (with
/// line and column), and the printer's scalars (Python's float repr, C escapes, enums).
/// </summary>
[TestClass]
public sealed class GraphDefFormatTextTests
{
    private const string Canonical = """
        node {
          name: "c"
          op: "Const"
          input: "a:1"
          input: "^b"
          attr {
            key: "value"
            value {
              tensor {
                dtype: DT_HALF
                tensor_shape {
                  dim {
                    size: -1
                  }
                }
                half_val: 15360
              }
            }
          }
          attr {
            key: "x"
            value {
              list {
                s: "it\'s \"q\"\n\t\\\000\377"
                i: 0
                i: -9223372036854775808
                f: 0.10000000149011612
                f: 1.152921504606847e+18
                f: -inf
                b: true
                type: DT_FLOAT
                type: DT_BFLOAT16
              }
            }
          }
        }
        versions {
          producer: 2474
          bad_consumers: 3
        }

        """;

    /// <summary>Variants protobuf's text parser accepts for the canonical text above, each a different spelling.</summary>
    public static IEnumerable<object[]> Spellings =>
    [
        ["comments, colons before braces and angle brackets", """
            # a comment
            node: { name: 'c' op: "Con" "st"   # adjacent strings concatenate
              input: ["a:1", "^b"]
              attr < key: "value" value { tensor { dtype: 19 tensor_shape { dim { size: -0x1 } } half_val: 0x3c00 } } >
              attr { value { list { s: "it\'s \x22q\"\012\11\\\0\xff" i: [0, -9223372036854775808] f: [0.1f, 1152921504606846976, -Infinity]
                b: t type: [DT_FLOAT, 14] } } key: "x" }
            };
            versions { producer: 04652, bad_consumers: [3] }
            """],
        ["one line, separators", """node{name:"c";op:"Const";input:"a:1",input:"^b";attr{key:"value";value{tensor{dtype:DT_HALF;tensor_shape{dim{size:-1}};half_val:15360}}};attr{key:"x";value{list{s:"it's \"q\"\n\t\\\000\377";i:0;i:-9223372036854775808;f:0.1;f:1.152921504606847E18;f:-inf;b:True;type:DT_FLOAT;type:DT_BFLOAT16}}}}versions{producer:2474 bad_consumers:3}"""],
    ];

    /// <summary>Malformed text: each an InvalidDataException whose message holds the place and the reason.</summary>
    public static IEnumerable<object[]> Malformed =>
    [
        ["node { name: \"a\" }\nnode { nme: \"b\" }", "2:8", "no field named \"nme\""],
        ["node { name: \"a\" name: \"b\" }", "1:18", "multiple \"name\""],
        ["node { name \"a\" }", "1:13", "expected \":\""],
        ["node { name: \"a }", "1:14", "not closed"],
        ["node { name: \"a\"", "1:17", "to close"],
        ["node { attr { key: \"k\" value { i: 1 f: 2 } } }", "1:37", "another member of oneof"],
        ["node { attr { key: \"k\" value { i: 9223372036854775808 } } }", "1:35", "not a valid int64"],
        ["node { attr { key: \"k\" value { type: DT_NOPE } } }", "1:38", "no value named \"DT_NOPE\""],
        ["versions { producer: 2147483648 }", "1:22", "not a valid int32"],
        ["node { name: \"\\q\" }", "1:14", "unknown escape"],
        ["node { name: \"\\777\" }", "1:14", "larger than a byte"],
        ["node { name: \"\\377\" }", "1:14", "not UTF-8"],
        ["node { [ext] { } }", "1:8", "extensions"],
        ["node { attr { key: \"k\" other: 1 } }", "1:24", "no field named \"other\""],
        ["versions { producer: 1 } }", "1:26", "found \"}\""],
        ["node { attr { key: \"k\" value { b: yes } } }", "1:35", "not a valid bool"],
    ];

    [TestMethod]
    public void CanonicalTextRoundTripsByteForByte()
    {
        GraphDef graph = GraphDefFormat.ParseText(Canonical);

        Assert.AreEqual(Canonical, GraphDefFormat.ToText(graph));
        Assert.AreEqual(graph, GraphDefFormat.ParseBinary(GraphDefFormat.ToBinary(graph)));
        AttrValue list = graph.Node[0].Attr["x"];
        CollectionAssert.AreEqual(new byte[] { (byte)'i', (byte)'t', (byte)'\'', (byte)'s', (byte)' ', (byte)'"', (byte)'q', (byte)'"', 10, 9, (byte)'\\', 0, 255 }, list.List.S[0].ToByteArray());
        Assert.AreEqual(0.1f, list.List.F[0]);
        Assert.AreEqual(long.MinValue, list.List.I[1]);
    }

    [TestMethod]
    [DynamicData(nameof(Spellings))]
    public void OtherSpellingsParseToTheSameMessage(string what, string text)
    {
        Assert.AreEqual(GraphDefFormat.ParseText(Canonical), GraphDefFormat.ParseText(text), what);
    }

    [TestMethod]
    [DynamicData(nameof(Malformed))]
    public void MalformedTextIsInvalidDataWithLineAndColumn(string text, string location, string reason)
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => GraphDefFormat.ParseText(text));

        StringAssert.Contains(e.Message, "at " + location + ":", e.Message);
        StringAssert.Contains(e.Message, reason, e.Message);
    }

    [TestMethod]
    public void NestingIsBounded()
    {
        string deep = "node { experimental_type { " + string.Concat(Enumerable.Repeat("args { ", 200)) + new string('}', 202);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => GraphDefFormat.ParseText(deep));

        StringAssert.Contains(e.Message, "deeper than 100");
    }

    [TestMethod]
    public void NestingWithinTheBoundParsesInBothForms()
    {
        string deep = "node { experimental_type { " + string.Concat(Enumerable.Repeat("args { ", 90)) + new string('}', 92);

        GraphDef graph = GraphDefFormat.ParseText(deep);

        Assert.AreEqual(graph, GraphDefFormat.ParseBinary(GraphDefFormat.ToBinary(graph)));
    }

    [TestMethod]
    public void DeepBinaryNestingIsInvalidData()
    {
        var type = new FullTypeDef();
        FullTypeDef inner = type;
        for (int i = 0; i < 150; i++)
        {
            var next = new FullTypeDef();
            inner.Args.Add(next);
            inner = next;
        }

        var graph = new GraphDef { Node = { new NodeDef { Name = "n", ExperimentalType = type } } };

        Assert.ThrowsExactly<InvalidDataException>(() => GraphDefFormat.ParseBinary(graph.ToByteArray()));
    }

    [TestMethod]
    [DataRow(0.1f, "0.10000000149011612")]
    [DataRow(1f, "1.0")]
    [DataRow(-2.5f, "-2.5")]
    [DataRow(1e16f, "1.0000000272564224e+16")]
    [DataRow(1e15f, "999999986991104.0")]
    [DataRow(1e-5f, "9.999999747378752e-06")]
    [DataRow(0.0001f, "9.999999747378752e-05")]
    [DataRow(0.5e-3f, "0.0005000000237487257")]
    [DataRow(0f, "0.0")]
    [DataRow(-0f, "-0.0")]
    [DataRow(float.PositiveInfinity, "inf")]
    [DataRow(float.NaN, "nan")]
    public void FloatsPrintAsPythonsRepr(float value, string expected)
    {
        var graph = new GraphDef { Node = { new NodeDef { Attr = { ["f"] = new AttrValue { F = value } } } } };

        string text = GraphDefFormat.ToText(graph);

        StringAssert.Contains(text, "f: " + expected + "\n", text);
        Assert.AreEqual(graph, GraphDefFormat.ParseText(text));
    }

    [TestMethod]
    [DataRow(1e16, "1e+16")]
    [DataRow(1e-5, "1e-05")]
    [DataRow(0.0001, "0.0001")]
    [DataRow(123456789012345680.0, "1.2345678901234568e+17")]
    [DataRow(5e-324, "5e-324")]
    [DataRow(1.7976931348623157e308, "1.7976931348623157e+308")]
    [DataRow(100.0, "100.0")]
    public void DoublesPrintAsPythonsRepr(double value, string expected)
    {
        var graph = new GraphDef { Node = { new NodeDef { Attr = { ["t"] = new AttrValue { Tensor = new TensorProto { DoubleVal = { value } } } } } } };

        string text = GraphDefFormat.ToText(graph);

        StringAssert.Contains(text, "double_val: " + expected + "\n", text);
        Assert.AreEqual(graph, GraphDefFormat.ParseText(text));
    }

    [TestMethod]
    public void UnknownEnumValuesPrintAsNumbersAndReadBack()
    {
        var graph = new GraphDef { Node = { new NodeDef { Attr = { ["t"] = new AttrValue { Type = (DataType)77 } } } } };

        string text = GraphDefFormat.ToText(graph);

        StringAssert.Contains(text, "type: 77\n");
        Assert.AreEqual(graph, GraphDefFormat.ParseText(text));
    }

    [TestMethod]
    public void UnmodelledFieldsSurviveTheBinaryRoundTrip()
    {
        // GraphDef.library (2) holding a FunctionDef (1) with a signature name: kept as unknown fields, written back.
        byte[] library = [0x12, 0x06, 0x0A, 0x04, 0x0A, 0x02, (byte)'f', (byte)'n'];
        byte[] bytes = [.. GraphDefFormat.ToBinary(GraphDefFormat.ParseText("node { name: \"a\" }")), .. library];

        GraphDef graph = GraphDefFormat.ParseBinary(bytes);

        Assert.IsNotNull(graph.Library);
        CollectionAssert.AreEqual(bytes, GraphDefFormat.ToBinary(graph));
    }
}
