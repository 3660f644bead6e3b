using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace QanDu.Dashboard.Tests.Architecture;

/// <summary>One reference from a type in one folder to a type in another, both named by their outermost type.</summary>
internal sealed record TypeDependency(string FromFolder, string ToFolder, string FromType, string ToType)
{
    public override string ToString() => $"{FromFolder} → {ToFolder}: {FromType} uses {ToType}";
}

/// <summary>
/// Reads a compiled assembly's metadata and IL (signatures, attributes and method bodies, so Razor markup and lambdas
/// count too) and reports every reference from a type in one folder to a type defined in another folder.
/// </summary>
internal static class AssemblyDependencies
{
    /// <param name="assembly">The assembly to read from disk.</param>
    /// <param name="folderOf">Maps an outermost type's full name to its folder; null leaves the type out.</param>
    public static IReadOnlyList<TypeDependency> Read(Assembly assembly, Func<string, string?> folderOf)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var reader = pe.GetMetadataReader();
        var owners = reader.TypeDefinitions.ToDictionary(h => h, h => OwnerName(reader, h));
        var references = new TypeReferences(assembly, pe, reader);
        var dependencies = new HashSet<TypeDependency>();
        foreach (var type in reader.TypeDefinitions)
        {
            if (folderOf(owners[type]) is not { } fromFolder)
                continue;
            foreach (var target in references.Of(type))
                if (folderOf(owners[target]) is { } toFolder && toFolder != fromFolder)
                    dependencies.Add(new(fromFolder, toFolder, owners[type], owners[target]));
        }
        return [.. dependencies.OrderBy(d => d.FromFolder).ThenBy(d => d.ToFolder).ThenBy(d => d.FromType).ThenBy(d => d.ToType)];
    }

    // Closures, state machines and Razor's __Blazor type-inference helpers belong to the type they were written in.
    private static string OwnerName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var outermost = DefinitionName(reader, handle).Split('+')[0];
        return outermost.StartsWith("__Blazor.", StringComparison.Ordinal) ? outermost["__Blazor.".Length..] : outermost;
    }

    // The reflection name: "Namespace.Outer+Nested", as attribute blobs spell a type.
    private static string DefinitionName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        if (type.IsNested)
            return $"{DefinitionName(reader, type.GetDeclaringType())}+{name}";
        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    /// <summary>
    /// Collects the types defined in the assembly that one type refers to. It is its own signature and attribute type
    /// provider: decoding a signature calls <see cref="GetTypeFromDefinition"/> for every defined type met, however nested.
    /// </summary>
    private sealed class TypeReferences(Assembly assembly, PEReader pe, MetadataReader reader)
        : ISignatureTypeProvider<string, object?>, ICustomAttributeTypeProvider<string>
    {
        // Built from OpCodes so operand sizes come from the runtime, not from a hand-typed table.
        private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(op => (ushort)op.Value, op => op.OperandType);

        private readonly Dictionary<string, TypeDefinitionHandle> byName = reader.TypeDefinitions.ToDictionary(h => DefinitionName(reader, h));
        private HashSet<TypeDefinitionHandle> found = [];

        public HashSet<TypeDefinitionHandle> Of(TypeDefinitionHandle handle)
        {
            found = [];
            var type = reader.GetTypeDefinition(handle);
            Visit(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
                Visit(reader.GetInterfaceImplementation(i).Interface);
            VisitConstraints(type.GetGenericParameters());
            VisitAttributes(type.GetCustomAttributes());
            foreach (var field in type.GetFields().Select(reader.GetFieldDefinition))
            {
                field.DecodeSignature(this, null);
                VisitAttributes(field.GetCustomAttributes());
            }
            foreach (var property in type.GetProperties().Select(reader.GetPropertyDefinition))
            {
                property.DecodeSignature(this, null);
                VisitAttributes(property.GetCustomAttributes());
            }
            foreach (var ev in type.GetEvents().Select(reader.GetEventDefinition))
            {
                Visit(ev.Type);
                VisitAttributes(ev.GetCustomAttributes());
            }
            foreach (var method in type.GetMethods().Select(reader.GetMethodDefinition))
                VisitMethod(method);
            return found;
        }

        private void VisitMethod(MethodDefinition method)
        {
            method.DecodeSignature(this, null);
            VisitConstraints(method.GetGenericParameters());
            VisitAttributes(method.GetCustomAttributes());
            foreach (var p in method.GetParameters())
                VisitAttributes(reader.GetParameter(p).GetCustomAttributes());
            if (method.RelativeVirtualAddress == 0)
                return;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            Visit(body.LocalSignature);
            foreach (var region in body.ExceptionRegions)
                Visit(region.CatchType);
            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                int code = il.ReadByte();
                if (code == 0xFE)
                    code = 0xFE00 | il.ReadByte();
                switch (Operands[(ushort)code])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok
                        or OperandType.InlineType or OperandType.InlineSig:
                        Visit(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32(); // read first: `il.Offset += 4 * il.ReadInt32()` would drop the count's bytes
                        il.Offset += 4 * targets;
                        break;
                    case var operand:
                        il.Offset += OperandSize(operand);
                        break;
                }
            }
        }

        private static int OperandSize(OperandType operand) => operand switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            _ => 4,
        };

        private void Visit(EntityHandle handle)
        {
            if (handle.IsNil)
                return;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    found.Add(method.GetDeclaringType());
                    method.DecodeSignature(this, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    found.Add(field.GetDeclaringType());
                    field.DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Visit(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                        member.DecodeMethodSignature(this, null);
                    else
                        member.DecodeFieldSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Visit(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
                        signature.DecodeLocalSignature(this, null);
                    else
                        signature.DecodeMethodSignature(this, null);
                    break;
            }
        }

        private void VisitConstraints(GenericParameterHandleCollection parameters)
        {
            foreach (var p in parameters)
                foreach (var c in reader.GetGenericParameter(p).GetConstraints())
                    Visit(reader.GetGenericParameterConstraint(c).Type);
        }

        // The attribute class, its argument types, and typeof(...) arguments (Razor's @layout compiles to one).
        private void VisitAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                var attribute = reader.GetCustomAttribute(a);
                Visit(attribute.Constructor);
                var value = attribute.DecodeValue(this);
                foreach (var argument in value.FixedArguments.Concat(value.NamedArguments.Select(n => new CustomAttributeTypedArgument<string>(n.Type, n.Value))))
                    VisitArgument(argument.Type, argument.Value);
            }
        }

        private void VisitArgument(string type, object? value)
        {
            if (value is ImmutableArray<CustomAttributeTypedArgument<string>> elements)
                foreach (var element in elements)
                    VisitArgument(element.Type, element.Value);
            else if (IsSystemType(type) && value is string name)
                GetTypeFromSerializedName(name);
        }

        // Assembly-qualified, so an attribute argument of an external enum type can be resolved to learn its size.
        private static string ReferenceName(MetadataReader reader, TypeReferenceHandle handle)
        {
            var type = reader.GetTypeReference(handle);
            var name = reader.GetString(type.Name);
            var ns = reader.GetString(type.Namespace);
            var full = ns.Length == 0 ? name : $"{ns}.{name}";
            if (type.ResolutionScope.Kind == HandleKind.AssemblyReference)
                return $"{full}, {reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name)}";
            if (type.ResolutionScope.Kind != HandleKind.TypeReference)
                return full;
            var outer = ReferenceName(reader, (TypeReferenceHandle)type.ResolutionScope);
            var comma = outer.IndexOf(',');
            return comma < 0 ? $"{outer}+{name}" : $"{outer[..comma]}+{name}{outer[comma..]}";
        }

        public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            found.Add(handle);
            return DefinitionName(r, handle);
        }

        public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => ReferenceName(r, handle);

        public string GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            r.GetTypeSpecification(handle).DecodeSignature(this, context);

        public string GetTypeFromSerializedName(string name)
        {
            // "Ns.Type+Nested, Assembly, Version=..." for external types; generic instantiations are left out.
            var bare = name.Split(',', '[')[0].Trim();
            if (byName.TryGetValue(bare, out var handle))
                found.Add(handle);
            return name;
        }

        // Only needed to know an enum argument's size in the blob; the test process can load every referenced assembly.
        public PrimitiveTypeCode GetUnderlyingEnumType(string type)
        {
            var enumType = Type.GetType(type, throwOnError: false) ?? assembly.GetType(type, throwOnError: false);
            var underlying = enumType is { IsEnum: true } ? Enum.GetUnderlyingType(enumType) : typeof(int);
            return Enum.Parse<PrimitiveTypeCode>(Type.GetTypeCode(underlying).ToString()); // the integral names match
        }

        public bool IsSystemType(string type) => type is "System.Type" || type.StartsWith("System.Type, ", StringComparison.Ordinal);
        public string GetSystemType() => "System.Type";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType;
        public string GetByReferenceType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "";
        public string GetGenericMethodParameter(object? genericContext, int index) => "";
        public string GetGenericTypeParameter(object? genericContext, int index) => "";
    }
}
