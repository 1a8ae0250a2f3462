// Added to a test harness by the BossNas.Core package (build/BossNas.Core.targets): applies the native settings
// (the oneDNN kernel check) before any code of the harness touches libtorch, as the bossnas CLI does.
namespace BossNas.Core.Harness
{
    internal static class BossNasNativeInit
    {
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Init() => BossNas.Core.Platform.NativeSetup.Apply();
    }
}
