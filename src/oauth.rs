//! The OAuth connection string of the Dynamics 365 Sales connection set-up, validated.
//!
//! The string never carries a real password: the product replaces the literal `{PASSWORD}`
//! placeholder with the password stored in the connection set-up.

use std::fmt;

/// The placeholder the product fills in from its password field.
pub const PASSWORD_PLACEHOLDER: &str = "{PASSWORD}";

/// Host name endings of Dynamics 365 / Dataverse organisations (commercial, China, Germany, US government).
const DYNAMICS_HOST_SUFFIXES: &[&str] = &[
    ".dynamics.com",
    ".dynamics.cn",
    ".microsoftdynamics.de",
    ".microsoftdynamics.us",
    ".appsplatform.us",
];

/// Why a connection-string input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectionError {
    #[error(
        "the URL {0:?} uses HTTP; the connection needs HTTPS (https://<org>.crm.dynamics.com)"
    )]
    NotHttps(String),
    #[error("the URL {0:?} is not a URL; expected https://<org>.crm.dynamics.com")]
    BadUrl(String),
    #[error("the host {0:?} is not a Dynamics 365 organisation host (<org>.crm<N>.dynamics.com, for example contoso.crm4.dynamics.com)")]
    NotDynamicsHost(String),
    #[error("the URL {0:?} must not carry a user name or password; give only https://<org>.crm.dynamics.com")]
    UrlExtras(String),
    #[error("the URL {0:?} names a port; Dynamics 365 organisations answer on the HTTPS port only: give https://<org>.crm.dynamics.com")]
    Port(String),
    #[error("the host {0:?} is a Dynamics 365 region, not an organisation; put the organisation name in front (https://<org>.{0})")]
    RegionOnly(String),
    #[error("the user {0:?} is not a user principal name; expected name@domain, e.g. d365integration@contoso.onmicrosoft.com")]
    BadUpn(String),
    #[error("the app id {0:?} is not a GUID; expected the Application (client) ID, e.g. 00000000-0000-0000-0000-000000000000")]
    BadGuid(String),
    #[error("a password was given in {0}; navplan never writes passwords: the connection string carries {{PASSWORD}} and the password goes into the connection set-up page")]
    PasswordGiven(String),
}

/// A Dynamics 365 organisation URL that passed validation, normalised to `https://host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgUrl(String);

impl OrgUrl {
    pub fn parse(input: &str) -> Result<Self, ConnectionError> {
        let text = input.trim();
        refuse_secret("the URL", text)?;
        let lower = text.to_ascii_lowercase();
        let rest = if let Some(rest) = lower.strip_prefix("https://") {
            rest
        } else if lower.starts_with("http://") {
            return Err(ConnectionError::NotHttps(text.to_string()));
        } else if lower.contains("://") {
            return Err(ConnectionError::BadUrl(text.to_string()));
        } else {
            // A host copied without its scheme ("contoso.crm4.dynamics.com"): HTTPS is implied,
            // and the host rules below still apply.
            lower.as_str()
        };
        // Partners paste the address bar: the organisation is the host alone, so a page path,
        // query or fragment after it ("/main.aspx?appid=...") is dropped rather than refused.
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(ConnectionError::UrlExtras(text.to_string()));
        }
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let host_ok = !host.is_empty()
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !host_ok {
            return Err(ConnectionError::BadUrl(text.to_string()));
        }
        let host = organisation_host(host)?;
        match port {
            // 443 is what https means anyway; online organisations answer on no other port.
            None | Some("443") => Ok(OrgUrl(format!("https://{host}"))),
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                Err(ConnectionError::Port(text.to_string()))
            }
            Some(_) => Err(ConnectionError::BadUrl(text.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The organisation host `<org>.crm[N].<cloud suffix>`; the Web API form `<org>.api.crm[N]...`
/// is read as its organisation. Other hosts under the same clouds (Business Central online,
/// Finance and Operations, the bare region `crm4.dynamics.com`) are refused: the connection
/// needs the Sales (Dataverse) organisation.
fn organisation_host(host: &str) -> Result<String, ConnectionError> {
    let not_org = || ConnectionError::NotDynamicsHost(host.to_string());
    let suffix = DYNAMICS_HOST_SUFFIXES
        .iter()
        .find(|suffix| host.ends_with(*suffix))
        .ok_or_else(not_org)?;
    let labels: Vec<&str> = host[..host.len() - suffix.len()].split('.').collect();
    let is_region = |label: &str| {
        label
            .strip_prefix("crm")
            .is_some_and(|n| n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()))
    };
    match labels.as_slice() {
        [org, region] if is_region(region) => Ok(format!("{org}.{region}{suffix}")),
        [org, "api", region] if is_region(region) => Ok(format!("{org}.{region}{suffix}")),
        [region] if is_region(region) => Err(ConnectionError::RegionOnly(host.to_string())),
        _ => Err(not_org()),
    }
}

/// A user principal name (`name@domain.tld`) that can sit in a connection string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upn(String);

impl Upn {
    pub fn parse(input: &str) -> Result<Self, ConnectionError> {
        let text = input.trim();
        refuse_secret("the user", text)?;
        let bad = || ConnectionError::BadUpn(text.to_string());
        let (local, domain) = text.split_once('@').ok_or_else(bad)?;
        let local_ok = !local.is_empty()
            && local
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-+'".contains(&b));
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if local_ok && domain_ok {
            Ok(Upn(text.to_string()))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An app registration's Application (client) ID, normalised to lower case without braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppId(String);

impl AppId {
    pub fn parse(input: &str) -> Result<Self, ConnectionError> {
        let text = input.trim();
        let bare = text
            .strip_prefix('{')
            .and_then(|t| t.strip_suffix('}'))
            .unwrap_or(text);
        let groups: Vec<&str> = bare.split('-').collect();
        let lengths_ok = groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
        if lengths_ok {
            Ok(AppId(bare.to_ascii_lowercase()))
        } else {
            Err(ConnectionError::BadGuid(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Refuse any value that looks like it carries a password.
pub fn refuse_secret(what: &str, value: &str) -> Result<(), ConnectionError> {
    let lower = value.to_ascii_lowercase();
    let carries = ["password=", "pwd=", "clientsecret=", "secret="]
        .iter()
        .any(|key| lower.contains(key) && !lower.contains("password={password}"));
    if carries {
        Err(ConnectionError::PasswordGiven(what.to_string()))
    } else {
        Ok(())
    }
}

/// The OAuth connection string for one installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionString {
    pub url: OrgUrl,
    pub user: Upn,
    pub app_id: AppId,
    /// The CRM SDK proxy version the NAV/BC connection set-up should use (`ProxyVersion=91` for
    /// BC 14 and 15); `None` for NAV 2016-2018, whose connection set-up has no such field.
    pub proxy_version: Option<u32>,
}

impl ConnectionString {
    pub fn new(
        url: &str,
        user: &str,
        app_id: &str,
        proxy_version: Option<u32>,
    ) -> Result<Self, ConnectionError> {
        Ok(ConnectionString {
            url: OrgUrl::parse(url)?,
            user: Upn::parse(user)?,
            app_id: AppId::parse(app_id)?,
            proxy_version,
        })
    }
}

impl fmt::Display for ConnectionString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // LoginPrompt=Never: the server tier has no user interface to show a sign-in prompt.
        write!(
            f,
            "AuthType=OAuth;Username={};Password={PASSWORD_PLACEHOLDER};Url={};AppId={};RedirectUri=app://{};",
            self.user.as_str(),
            self.url.as_str(),
            self.app_id.as_str(),
            self.app_id.as_str()
        )?;
        if let Some(proxy) = self.proxy_version {
            write!(f, "ProxyVersion={proxy};")?;
        }
        write!(f, "TokenCacheStorePath=;LoginPrompt=Never")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c";

    #[test]
    fn nav_string_has_no_proxy_version_and_keeps_placeholder() {
        let cs = ConnectionString::new(
            "https://contoso.crm4.dynamics.com/",
            "d365@contoso.onmicrosoft.com",
            ID,
            None,
        )
        .unwrap()
        .to_string();
        assert_eq!(
            cs,
            format!("AuthType=OAuth;Username=d365@contoso.onmicrosoft.com;Password={{PASSWORD}};Url=https://contoso.crm4.dynamics.com;AppId={ID};RedirectUri=app://{ID};TokenCacheStorePath=;LoginPrompt=Never")
        );
    }

    #[test]
    fn bc_string_carries_proxy_version_91() {
        let cs = ConnectionString::new("https://contoso.crm.dynamics.com", "a@b.com", ID, Some(91))
            .unwrap();
        assert!(cs
            .to_string()
            .contains(";ProxyVersion=91;TokenCacheStorePath=;"));
    }

    #[test]
    fn urls_are_checked() {
        assert!(matches!(
            OrgUrl::parse("http://contoso.crm.dynamics.com"),
            Err(ConnectionError::NotHttps(_))
        ));
        assert!(matches!(
            OrgUrl::parse("https://contoso.example.com"),
            Err(ConnectionError::NotDynamicsHost(_))
        ));
        assert!(matches!(
            OrgUrl::parse("https://dynamics.com"),
            Err(ConnectionError::NotDynamicsHost(_))
        ));
        assert!(matches!(
            OrgUrl::parse("https://u:p@contoso.crm.dynamics.com"),
            Err(ConnectionError::UrlExtras(_))
        ));
        assert_eq!(
            OrgUrl::parse("contoso.crm.dynamics.com").unwrap().as_str(),
            "https://contoso.crm.dynamics.com"
        );
        for bad in ["ftp://contoso.crm.dynamics.com", "contoso", ""] {
            assert!(OrgUrl::parse(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            OrgUrl::parse("https://con toso.crm.dynamics.com"),
            Err(ConnectionError::BadUrl(_))
        ));
        assert_eq!(
            OrgUrl::parse(" HTTPS://Contoso.CRM4.dynamics.com ")
                .unwrap()
                .as_str(),
            "https://contoso.crm4.dynamics.com"
        );
    }

    #[test]
    fn pasted_organisation_urls_are_reduced_to_the_host() {
        for (pasted, host) in [
            (
                "https://contoso.crm4.dynamics.com/main.aspx?appid=1&pagetype=dashboard",
                "contoso.crm4.dynamics.com",
            ),
            (
                "https://contoso.crm.dynamics.com/",
                "contoso.crm.dynamics.com",
            ),
            (
                "https://contoso.crm.dynamics.com#top",
                "contoso.crm.dynamics.com",
            ),
            (
                "https://contoso.crm11.dynamics.com:443/",
                "contoso.crm11.dynamics.com",
            ),
            (
                "https://contoso.api.crm4.dynamics.com/api/data/v9.2/",
                "contoso.crm4.dynamics.com",
            ),
            (
                "https://contoso.crm4.dynamics.com/XRMServices/2011/Organization.svc",
                "contoso.crm4.dynamics.com",
            ),
            (
                "https://contoso.crm9.dynamics.com",
                "contoso.crm9.dynamics.com",
            ),
            (
                "https://contoso.crm.microsoftdynamics.us",
                "contoso.crm.microsoftdynamics.us",
            ),
            (
                "https://contoso.crm.appsplatform.us",
                "contoso.crm.appsplatform.us",
            ),
            ("https://contoso.crm.dynamics.cn", "contoso.crm.dynamics.cn"),
            (
                "https://contoso.crm.microsoftdynamics.de",
                "contoso.crm.microsoftdynamics.de",
            ),
        ] {
            assert_eq!(
                OrgUrl::parse(pasted).unwrap().as_str(),
                format!("https://{host}"),
                "{pasted}"
            );
        }
    }

    #[test]
    fn hosts_that_are_not_a_sales_organisation_are_refused() {
        for host in [
            "https://businesscentral.dynamics.com",
            "https://contoso.operations.dynamics.com",
            "https://contoso.dynamics.com",
            "https://contoso.crmx.dynamics.com",
            "https://a.b.crm.dynamics.com",
        ] {
            assert!(
                matches!(
                    OrgUrl::parse(host),
                    Err(ConnectionError::NotDynamicsHost(_))
                ),
                "{host}"
            );
        }
        assert!(matches!(
            OrgUrl::parse("https://crm4.dynamics.com"),
            Err(ConnectionError::RegionOnly(_))
        ));
        assert!(matches!(
            OrgUrl::parse("https://contoso.crm.dynamics.com:8443"),
            Err(ConnectionError::Port(_))
        ));
        assert!(matches!(
            OrgUrl::parse("https://contoso.crm.dynamics.com:"),
            Err(ConnectionError::BadUrl(_))
        ));
    }

    #[test]
    fn upns_and_guids_are_checked() {
        assert!(Upn::parse("D365INTEGRATION@contoso.onmicrosoft.com").is_ok());
        for bad in [
            "d365",
            "a@b",
            "a b@c.com",
            "a@b.com;Password=x",
            "@b.com",
            "a@.com",
        ] {
            assert!(Upn::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            AppId::parse(&format!("{{{}}}", ID.to_uppercase()))
                .unwrap()
                .as_str(),
            ID
        );
        for bad in [
            "",
            "1234",
            "6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5",
            "6f1d2c3b_4a59_4e7d_8c21_0b9a8f7e6d5c",
            "zf1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c",
        ] {
            assert!(AppId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_are_refused() {
        assert!(matches!(
            Upn::parse("a@b.com;Password=hunter2"),
            Err(ConnectionError::PasswordGiven(_))
        ));
        assert!(matches!(
            OrgUrl::parse("https://x.crm.dynamics.com;Password=hunter2"),
            Err(ConnectionError::PasswordGiven(_))
        ));
        assert!(refuse_secret("x", "Password={PASSWORD}").is_ok());
    }
}
