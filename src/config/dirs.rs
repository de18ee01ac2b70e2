//! Where xpost keeps its files, by each platform's rules: the configuration, the logins and the
//! sandbox's logins. Pure: the rules take the variables as a lookup and the platform as a value,
//! so that every platform's rules are tested on any machine.
//!
//! The XDG variables win wherever they are set to an absolute path (some Windows users set them
//! too); then comes the platform's own folder: on Windows `%APPDATA%` (the roaming profile) for
//! the configuration, which is worth following the user to another machine, and
//! `%LOCALAPPDATA%` for logins and the sandbox, which are not: a login's tokens live in this
//! machine's Credential Manager, and its lock files must never be copied to a server and back.
//! `HOME` comes last.

use std::path::{Path, PathBuf};

/// A family of platforms, as far as where files go is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux, the BSDs and the rest of Unix.
    Unix,
    /// macOS: Unix, with its own folder for configuration.
    MacOs,
    /// Windows.
    Windows,
}

impl Platform {
    /// The platform xpost was built for.
    pub const HERE: Platform = if cfg!(windows) {
        Platform::Windows
    } else if cfg!(target_os = "macos") {
        Platform::MacOs
    } else {
        Platform::Unix
    };

    /// Whether `path` is absolute by this platform's rules: `/…` on Unix; on Windows a drive
    /// letter with its root (`C:\…`, `C:/…`) or a UNC or verbatim path (`\\server\share`,
    /// `\\?\C:\…`). `C:foo` and `\foo` depend on the current drive or its directory: not absolute.
    pub fn is_absolute(self, path: &str) -> bool {
        match self {
            Platform::Unix | Platform::MacOs => path.starts_with('/'),
            Platform::Windows => {
                let bytes = path.as_bytes();
                let separator = |b: u8| b == b'\\' || b == b'/';
                match bytes {
                    [drive, b':', root, ..] => drive.is_ascii_alphabetic() && separator(*root),
                    [a, b, ..] => separator(*a) && separator(*b),
                    _ => false,
                }
            }
        }
    }

    /// The variable whose absence [`state_dir`] reports: what to set is another question.
    pub fn state_variable(self) -> &'static str {
        match self {
            Platform::Windows => "LOCALAPPDATA",
            Platform::Unix | Platform::MacOs => "HOME",
        }
    }

    /// The variable whose absence [`config_dir`] reports.
    pub fn config_variable(self) -> &'static str {
        match self {
            Platform::Windows => "APPDATA",
            Platform::Unix | Platform::MacOs => "HOME",
        }
    }
}

/// `dir` joined with each of `parts`, one component at a time (so that the platform's own
/// separator is used between them).
fn under(dir: &str, parts: &[&str]) -> PathBuf {
    parts
        .iter()
        .fold(Path::new(dir).to_path_buf(), |path, part| path.join(part))
}

/// Where the user's configuration is kept: `$XDG_CONFIG_HOME/xpost` (when absolute), else
/// `%APPDATA%\xpost` on Windows, `~/Library/Application Support/xpost` on macOS,
/// `~/.config/xpost` elsewhere (`HOME` absolute); none when none of them is set.
pub fn config_dir(platform: Platform, get: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let absolute = |name: &str| get(name).filter(|dir| platform.is_absolute(dir));
    if let Some(dir) = absolute("XDG_CONFIG_HOME") {
        return Some(under(&dir, &["xpost"]));
    }
    if platform == Platform::Windows
        && let Some(dir) = absolute("APPDATA")
    {
        return Some(under(&dir, &["xpost"]));
    }
    let home = absolute("HOME")?;
    Some(match platform {
        Platform::MacOs => under(&home, &["Library", "Application Support", "xpost"]),
        Platform::Unix | Platform::Windows => under(&home, &[".config", "xpost"]),
    })
}

/// Where logins are kept when `XPOST_HOME` does not say: `$XDG_STATE_HOME/xpost` (when
/// absolute), else `%LOCALAPPDATA%\xpost` on Windows (when absolute), else
/// `~/.local/state/xpost`; none when none of them is set.
pub fn state_dir(platform: Platform, get: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(state) = get("XDG_STATE_HOME").filter(|dir| platform.is_absolute(dir)) {
        return Some(under(&state, &["xpost"]));
    }
    if platform == Platform::Windows
        && let Some(local) = get("LOCALAPPDATA").filter(|dir| platform.is_absolute(dir))
    {
        return Some(under(&local, &["xpost"]));
    }
    let home = get("HOME")?;
    Some(under(&home, &[".local", "state", "xpost"]))
}

/// Where `xpost sandbox serve` keeps the logins of the sandbox on `port`: under
/// `$XDG_RUNTIME_DIR`, else `$XDG_CACHE_HOME`, else `%LOCALAPPDATA%` on Windows, else `~/.cache`
/// (each only when absolute: a relative directory is no one's in particular); none when none
/// of them is set.
pub fn sandbox_dir(
    platform: Platform,
    port: &str,
    get: impl Fn(&str) -> Option<String>,
) -> Option<PathBuf> {
    let absolute = |name: &str| get(name).filter(|dir| platform.is_absolute(dir));
    if let Some(runtime) = absolute("XDG_RUNTIME_DIR") {
        return Some(under(&runtime, &["xpost-sandbox", port]));
    }
    if let Some(cache) = absolute("XDG_CACHE_HOME") {
        return Some(under(&cache, &["xpost", "sandbox", port]));
    }
    if platform == Platform::Windows
        && let Some(local) = absolute("LOCALAPPDATA")
    {
        return Some(under(&local, &["xpost", "sandbox", port]));
    }
    let home = absolute("HOME")?;
    Some(under(&home, &[".cache", "xpost", "sandbox", port]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    const WINDOWS_USER: &[(&str, &str)] = &[
        ("APPDATA", r"C:\Users\me\AppData\Roaming"),
        ("LOCALAPPDATA", r"C:\Users\me\AppData\Local"),
        ("USERPROFILE", r"C:\Users\me"),
    ];

    #[test]
    fn absolute_paths_by_each_platforms_rules() {
        use Platform::*;
        for path in [
            r"C:\Users\me",
            "c:/x",
            r"\\server\share\x",
            r"\\?\C:\x",
            "//server/x",
        ] {
            assert!(Windows.is_absolute(path), "{path}");
        }
        for path in [r"C:foo", r"\foo", "/foo", "foo", "C:", "1:\\x", "", r"\"] {
            assert!(!Windows.is_absolute(path), "{path}");
        }
        assert!(Unix.is_absolute("/home/me") && MacOs.is_absolute("/Users/me"));
        for path in [r"C:\Users\me", "home/me", ""] {
            assert!(!Unix.is_absolute(path), "{path}");
        }
    }

    #[test]
    fn logins_live_in_the_local_application_data_on_windows() {
        let local = Path::new(r"C:\Users\me\AppData\Local").join("xpost");
        assert_eq!(
            state_dir(Platform::Windows, vars(WINDOWS_USER)),
            Some(local.clone())
        );
        // HOME, as Git Bash sets it, does not move them; an absolute XDG_STATE_HOME does.
        let mut with = WINDOWS_USER.to_vec();
        with.push(("HOME", "/c/Users/me"));
        assert_eq!(state_dir(Platform::Windows, vars(&with)), Some(local));
        with.push(("XDG_STATE_HOME", r"D:\state"));
        assert_eq!(
            state_dir(Platform::Windows, vars(&with)),
            Some(Path::new(r"D:\state").join("xpost"))
        );
        // Without LOCALAPPDATA (a stripped environment), HOME as elsewhere; without both, none.
        assert_eq!(
            state_dir(Platform::Windows, vars(&[("HOME", r"C:\Users\me")])),
            Some(under(r"C:\Users\me", &[".local", "state", "xpost"]))
        );
        assert_eq!(
            state_dir(Platform::Windows, vars(&[("LOCALAPPDATA", "Local")])),
            None
        );
        assert_eq!(Platform::Windows.state_variable(), "LOCALAPPDATA");
    }

    #[test]
    fn logins_live_in_the_xdg_state_directory_on_unix() {
        for platform in [Platform::Unix, Platform::MacOs] {
            let at = |pairs: &[(&str, &str)]| state_dir(platform, vars(pairs));
            assert_eq!(
                at(&[("XDG_STATE_HOME", "/s"), ("HOME", "/h")]),
                Some(Path::new("/s").join("xpost"))
            );
            assert_eq!(
                at(&[("XDG_STATE_HOME", "rel"), ("HOME", "/h")]),
                Some(under("/h", &[".local", "state", "xpost"]))
            );
            // LOCALAPPDATA means nothing here.
            assert_eq!(
                at(&[("LOCALAPPDATA", "/l"), ("HOME", "/h")]),
                Some(under("/h", &[".local", "state", "xpost"]))
            );
            assert_eq!(at(&[]), None);
        }
    }

    #[test]
    fn the_configuration_lives_in_the_roaming_application_data_on_windows() {
        assert_eq!(
            config_dir(Platform::Windows, vars(WINDOWS_USER)),
            Some(Path::new(r"C:\Users\me\AppData\Roaming").join("xpost"))
        );
        assert_eq!(
            config_dir(Platform::Unix, vars(WINDOWS_USER)),
            None,
            "APPDATA is Windows' own"
        );
        assert_eq!(
            config_dir(
                Platform::Windows,
                vars(&[("XDG_CONFIG_HOME", "D:/config"), ("APPDATA", r"C:\A")])
            ),
            Some(Path::new("D:/config").join("xpost"))
        );
        assert_eq!(
            config_dir(Platform::Windows, vars(&[("APPDATA", r"Roaming")])),
            None
        );
    }

    #[test]
    fn the_configuration_lives_in_each_unix_folder() {
        let home = &[("HOME", "/home/me")];
        assert_eq!(
            config_dir(Platform::Unix, vars(home)),
            Some(under("/home/me", &[".config", "xpost"]))
        );
        assert_eq!(
            config_dir(Platform::MacOs, vars(home)),
            Some(under(
                "/home/me",
                &["Library", "Application Support", "xpost"]
            ))
        );
        assert_eq!(
            config_dir(
                Platform::Unix,
                vars(&[("XDG_CONFIG_HOME", "/c"), ("HOME", "/h")])
            ),
            Some(Path::new("/c").join("xpost"))
        );
        assert_eq!(config_dir(Platform::Unix, vars(&[("HOME", "h")])), None);
    }

    #[test]
    fn the_sandboxs_logins_live_in_the_local_application_data_on_windows() {
        assert_eq!(
            sandbox_dir(Platform::Windows, "5000", vars(WINDOWS_USER)),
            Some(under(
                r"C:\Users\me\AppData\Local",
                &["xpost", "sandbox", "5000"]
            ))
        );
        assert_eq!(
            sandbox_dir(Platform::Unix, "5000", vars(WINDOWS_USER)),
            None
        );
        assert_eq!(
            sandbox_dir(Platform::Unix, "5000", vars(&[("HOME", "/h")])),
            Some(under("/h", &[".cache", "xpost", "sandbox", "5000"]))
        );
    }
}
