using System.Reflection;
using System.Reflection.Emit;
using Digits.Classifiers;

namespace Digits.Tests.Architecture;

/// <summary>
/// The core library's folders (one namespace each) depend on each other in one direction only: each layer below
/// uses only the layers under it, and the folders of one layer do not use each other. The dependencies are read
/// from the compiled code (signatures and method bodies), so a fully qualified name cannot slip past.
/// </summary>
[Trait("Category", "Fast")]
public sealed class FolderDependencyTests
{
    /// <summary>The core's folders, lowest first. A folder may use the folders of the layers before its own.</summary>
    private static readonly string[][] Layers =
    [
        ["Kernels", "Images"],
        ["Preprocessing", "Search"],
        ["Classifiers"],
        ["Classifiers.Knn", "Classifiers.Network"],
        ["Lines"],
        ["Files"],
        ["Data"],
        ["Models"],
        ["Evaluation"],
    ];

    private static readonly Assembly Core = typeof(IDigitClassifier).Assembly;

    [Fact]
    public void EveryNamespace_IsInALayer()
    {
        string[] known = Layers.SelectMany(layer => layer).ToArray();
        string[] namespaces = CoreTypes().Select(Folder).Distinct().Order().ToArray();
        Assert.All(namespaces, ns => Assert.Contains(ns, known));
        Assert.All(known, ns => Assert.Contains(ns, namespaces));
    }

    [Fact]
    public void EveryFolder_UsesOnlyTheLayersBeneathIt()
    {
        var layerOf = Layers.SelectMany((layer, index) => layer.Select(folder => (folder, index))).ToDictionary(p => p.folder, p => p.index);
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Type type in CoreTypes())
        {
            string from = Folder(type);
            foreach (Type used in TypesUsedBy(type))
            {
                string to = Folder(used);
                if (to != from && layerOf[to] >= layerOf[from])
                {
                    violations.Add($"{from} -> {to} ({type.Name} uses {used.Name})");
                }
            }
        }

        Assert.True(violations.Count == 0, "folders used against the direction of the layers:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void EverySourceFile_DeclaresTheNamespaceOfItsFolder()
    {
        string root = Path.Combine(TestPaths.RepositoryRoot, "src", "Digits");
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '.');
            string expected = folder == "." ? "namespace Digits;" : $"namespace Digits.{folder};";
            Assert.True(File.ReadLines(file).Contains(expected), $"{Path.GetRelativePath(root, file)} should declare {expected}");
        }
    }

    [Fact]
    public void TheScan_SeesUsesInMethodBodies()
    {
        // AverageClassifier's body calls the members' ClassifyAll; its signatures alone name only IDigitClassifier.
        // DefaultModel (Models) builds an AverageClassifier (Classifiers) inside a method body.
        Assert.Contains(typeof(AverageClassifier), TypesUsedBy(typeof(Digits.Models.DefaultModel)));
    }

    private static IEnumerable<Type> CoreTypes()
        => Core.GetTypes().Where(t => !t.IsNested && t.Namespace is not null && t.Namespace.StartsWith("Digits.", StringComparison.Ordinal));

    private static string Folder(Type type) => type.Namespace!["Digits.".Length..];

    /// <summary>Every core type that <paramref name="type"/> names in its signatures or in the IL of its methods.</summary>
    private static HashSet<Type> TypesUsedBy(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (Type argument in t.GetGenericArguments())
                {
                    Add(argument);
                }

                Add(t.GetGenericTypeDefinition());
                return;
            }

            if (t.Assembly == Core && t.Namespace is not null && t.Namespace.StartsWith("Digits.", StringComparison.Ordinal))
            {
                found.Add(t);
            }
        }

        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Add(type.BaseType);
        foreach (Type i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (FieldInfo field in type.GetFields(All))
        {
            Add(field.FieldType);
        }

        foreach (PropertyInfo property in type.GetProperties(All))
        {
            Add(property.PropertyType);
        }

        foreach (MethodBase method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (ParameterInfo parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            MethodBody? body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (LocalVariableInfo local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            Type[] typeArguments = type.IsGenericType ? type.GetGenericArguments() : [];
            Type[] methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : [];
            foreach (int token in MemberTokens(body.GetILAsByteArray()!))
            {
                MemberInfo? member;
                try
                {
                    member = type.Module.ResolveMember(token, typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    continue; // a string or signature token
                }

                if (member is Type t)
                {
                    Add(t);
                }
                else if (member is not null)
                {
                    Add(member.DeclaringType);
                    if (member is MethodInfo called)
                    {
                        Add(called.ReturnType);
                    }
                }
            }
        }

        // Compiler-generated nested types (lambdas, iterators, state machines) count as their outer type's uses.
        foreach (Type nested in type.GetNestedTypes(All))
        {
            found.UnionWith(TypesUsedBy(nested));
        }

        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The metadata tokens of the member, type and field operands in a method's IL.</summary>
    private static IEnumerable<int> MemberTokens(byte[] il)
    {
        int position = 0;
        while (position < il.Length)
        {
            short value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            position += il[position] == 0xFE ? 2 : 1;
            OpCode code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, position);
                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                default:
                    position += 4;
                    break;
            }
        }
    }
}
