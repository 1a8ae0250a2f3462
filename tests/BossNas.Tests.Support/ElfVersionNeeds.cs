using System.Text;

namespace BossNas.Tests.Support;

/// <summary>
/// The version requirements (<c>SHT_GNU_verneed</c>) of an ELF64 little-endian shared library: for each required
/// version name, its <c>vna_flags</c>. Written from the ELF specification, independently of the build's fix-up task.
/// </summary>
public static class ElfVersionNeeds
{
    /// <summary>VER_FLG_WEAK: a missing version is a warning, not a load failure.</summary>
    public const ushort Weak = 0x2;

    /// <summary>Every required version name with its flags.</summary>
    /// <exception cref="InvalidDataException">Not an ELF64 little-endian file.</exception>
    public static Dictionary<string, ushort> Read(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{path} is not an ELF64 little-endian file");
        ulong U64(long at) => BitConverter.ToUInt64(elf, checked((int)at));
        uint U32(long at) => BitConverter.ToUInt32(elf, checked((int)at));
        ushort U16(long at) => BitConverter.ToUInt16(elf, checked((int)at));
        long sectionHeaders = (long)U64(0x28);
        int entrySize = U16(0x3A), count = U16(0x3C);
        var result = new Dictionary<string, ushort>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            long header = sectionHeaders + (long)i * entrySize;
            if (U32(header + 4) != 0x6ffffffe) continue; // SHT_GNU_verneed
            long offset = (long)U64(header + 0x18);
            long strings = (long)U64(sectionHeaders + (long)U32(header + 0x28) * entrySize + 0x18);
            long need = offset;
            while (true)
            {
                long aux = need + U32(need + 8);
                for (int a = 0; a < U16(need + 2); a++)
                {
                    long name = strings + U32(aux + 8);
                    int end = (int)name;
                    while (elf[end] != 0) end++;
                    result[Encoding.ASCII.GetString(elf, (int)name, end - (int)name)] = U16(aux + 4);
                    aux += U32(aux + 12);
                }
                uint next = U32(need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        return result;
    }
}
