// Fournisseur OpenID Connect des tests de connexion : 127.0.0.1 seulement, deux comptes.
// Usage : node provider.js PORT REDIRECT_URI [REDIRECT_URI...]
// Le formulaire de connexion est celui de « devInteractions » (identifiant + mot de passe
// quelconque) : réservé aux tests, jamais à une mise en service.
import Provider from "oidc-provider";

const [port, ...redirectUris] = process.argv.slice(2);
const ACCOUNTS = {
  gestionnaire: { email: "gestionnaire@region.test", name: "Gestionnaire des données",
                  groups: ["observatoire-gestion"] },
  lecteur: { email: "lecteur@region.test", name: "Agent lecteur", groups: ["agents"] },
};

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: "observatoire",
    client_secret: "secret-de-test-observatoire",
    redirect_uris: redirectUris,
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
  // Streamlit reads the person from the ID token: put the scopes' claims there
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["cle-de-test-des-cookies"] },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account.email, email_verified: true, name: account.name,
                 groups: account.groups };
      },
    };
  },
});
provider.proxy = false;
provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`oidc-provider prêt sur ${issuer}`);
});
