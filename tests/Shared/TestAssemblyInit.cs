using System.Runtime.CompilerServices;
using BossNas.Core.Platform;

namespace BossNas.Tests.Support;

/// <summary>Compiled into every test assembly: applies the engine's native settings before any test touches libtorch, as the CLI does.</summary>
internal static class TestAssemblyInit
{
    [ModuleInitializer]
    internal static void Init() => NativeSetup.Apply();
}
