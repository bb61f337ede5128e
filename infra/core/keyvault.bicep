@description('Key Vault (RBAC, purge protection) for the SendGrid key, the link-signing key and the encryption key.')
param name string
param location string
param tags object = {}
param appPrincipalId string
@description('The Log Analytics workspace that keeps the vault\'s audit log: every read of a secret.')
param logAnalyticsId string
@secure()
param sendGridApiKey string
@secure()
param linksSigningKey string
@secure()
param encryptionKey string
@secure()
@description('Optional: older link-signing keys still accepted (comma-separated base64), for rotation.')
param linksPreviousSigningKeys string = ''
@secure()
@description('Optional: older encryption keys kept for reading (keyId:base64,...), for rotation.')
param encryptionPreviousKeys string = ''

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in [
  { name: 'sendgrid-api-key', value: sendGridApiKey }
  { name: 'links-signing-key', value: linksSigningKey }
  { name: 'encryption-key', value: encryptionKey }
]: {
  parent: vault
  name: secret.name
  properties: { value: secret.value }
}]

resource previousSigningKeys 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(linksPreviousSigningKeys)) {
  parent: vault
  name: 'links-previous-signing-keys'
  properties: { value: linksPreviousSigningKeys }
}

resource previousEncryptionKeys 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(encryptionPreviousKeys)) {
  parent: vault
  name: 'encryption-previous-keys'
  properties: { value: encryptionPreviousKeys }
}

resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appPrincipalId, secretsUser)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri

// The keys that open every case: deleting the vault takes removing this lock first (purge protection
// keeps a deleted vault recoverable besides).
resource keepTheVault 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'keep-the-keys'
  scope: vault
  properties: {
    level: 'CanNotDelete'
    notes: 'The keys that read every complaint. Remove the lock on purpose before deleting the vault.'
  }
}

resource vaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit'
  scope: vault
  properties: {
    workspaceId: logAnalyticsId
    logs: [ { category: 'AuditEvent', enabled: true } ]
  }
}
