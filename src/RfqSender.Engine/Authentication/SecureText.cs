using System.Runtime.InteropServices;
using System.Security;

namespace RfqSender.Engine.Authentication;

/// <summary>Moves secrets between <see cref="SecureString"/> and the plain strings MSAL and HTTP headers need, at the last moment.</summary>
internal static class SecureText
{
    public static SecureString ToSecureString(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public static string ToPlainText(SecureString secure)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            return Marshal.PtrToStringUni(pointer, secure.Length);
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    public static bool IsEmpty(SecureString? secure) => secure is null || secure.Length == 0;
}
