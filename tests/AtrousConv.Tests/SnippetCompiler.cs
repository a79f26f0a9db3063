using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AtrousConv.Tests;

/// <summary>
/// Compiles a snippet as the <c>Program.cs</c> of a <c>dotnet new console</c> project that references AtrousConv:
/// top-level statements, the SDK's implicit usings for a console app, the framework, AtrousConv and
/// System.Numerics.Tensors — nothing of the tests. So "compiles" means: compiles as pasted.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>What <c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c> gives a console project.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        IEnumerable<string> framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == runtime);
        string[] library = [typeof(Convolution).Assembly.Location, typeof(System.Numerics.Tensors.Tensor).Assembly.Location];
        return framework.Concat(library).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToArray();
    });

    /// <summary>Compiles the program; the error diagnostics are empty when it compiled.</summary>
    /// <param name="program">The snippet.</param>
    /// <param name="extraSources">More files of the same project (stand-ins for other libraries).</param>
    /// <returns>The errors, and the assembly when there are none.</returns>
    public static (IReadOnlyList<Diagnostic> Errors, byte[]? Assembly) Compile(string program, params string[] extraSources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree[] trees = [.. new[] { program, ImplicitUsings }.Concat(extraSources).Select(source => CSharpSyntaxTree.ParseText(source, parse))];
        var compilation = CSharpCompilation.Create(
            "Snippet", trees, References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return (errors, result.Success ? image.ToArray() : null);
    }

    /// <summary>Runs a compiled program's entry point in its own load context (AtrousConv is shared with the tests).</summary>
    /// <param name="assembly">The compiled program.</param>
    public static void Run(byte[] assembly)
    {
        var context = new AssemblyLoadContext("snippet", isCollectible: true);
        try
        {
            MethodInfo entry = context.LoadFromStream(new MemoryStream(assembly)).EntryPoint
                ?? throw new InvalidOperationException("the snippet has no entry point");
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            context.Unload();
        }
    }
}
