using System.Runtime.CompilerServices;
using BossNas.Core.Platform;

namespace BossNas.Tests.Support;

/// <summary>Applies the engine's native settings before any test touches libtorch, as the CLI does.</summary>
internal static class NativeInit
{
    [ModuleInitializer]
    internal static void Init() => NativeSetup.Apply();
}
