targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names every resource.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Optional: the deploying user, given data access to the storage account for local debugging.')
param principalId string = ''

// Every parameter is reachable through `azd env set` (main.parameters.json maps each to an
// environment variable). Those without a default are what must not be guessed: `azd up` asks for
// them, and @minLength(1) refuses an empty one.

@secure()
@minLength(1)
@description('SendGrid API key (stored in Key Vault).')
param sendGridApiKey string

@secure()
@minLength(44)
@description('Base64 of at least 32 random bytes (openssl rand -base64 32): signs the links in mails (stored in Key Vault).')
param linksSigningKey string

@secure()
@description('Optional: previous link-signing keys still accepted, comma-separated (rotation).')
param linksPreviousSigningKeys string = ''

@secure()
@minLength(44)
@maxLength(44)
@description('Base64 of exactly 32 random bytes (openssl rand -base64 32): encrypts complaint text and contact details at rest (stored in Key Vault).')
param encryptionKey string

@minLength(1)
@description('Id of the current encryption key, written next to the data it seals; a new key needs a new id.')
param encryptionKeyId string = 'key-1'

@secure()
@description('Optional: previous encryption keys kept for reading, keyId:base64 comma-separated (rotation).')
param encryptionPreviousKeys string = ''

@minLength(1)
@description('The address mails are sent from (a sender verified in SendGrid).')
param sendGridFromEmail string

@description('The name mails are sent from.')
param sendGridFromName string = 'Ethics Committee'

@minLength(1)
@description('The Signed Event Webhook verification key SendGrid shows (base64 of an ECDSA P-256 public key).')
param sendGridEventWebhookPublicKey string

@minLength(1)
@description('The committee chair\'s e-mail address.')
param committeeChairEmail string

@minLength(1)
@description('The committee chair\'s full name: greets the chair and recognises a complaint about the chair.')
param committeeChairName string

@minLength(1)
@description('The committee chair\'s membership number: recognises a complaint about the chair.')
param committeeChairMembershipNumber string

@minLength(1)
@description('The deputy\'s e-mail address: receives what concerns a complaint about the chair.')
param committeeDeputyEmail string

@minLength(2)
@description('The language of the chair\'s pages and mails (en, es, fr, de).')
param committeeChairLanguage string

@minLength(2)
@description('The language of the deputy\'s pages and mails.')
param committeeDeputyLanguage string

@minLength(1)
@description('The Executive Committee\'s e-mail address: receives recommendations and records decisions.')
param executiveCommitteeEmail string

@minLength(1)
@description('The Executive Committee\'s name, as mails greet it.')
param executiveCommitteeName string

@minLength(2)
@description('The language of the Executive Committee\'s pages and mails.')
param executiveCommitteeLanguage string

@description('Base of the links in mails (a custom domain); empty means the function app\'s own address.')
param linksPublicBaseUrl string = ''

param deadlinesNationalAcknowledge string = '14.00:00:00'
param deadlinesNationalOutcome string = '90.00:00:00'
param deadlinesGrace string = '14.00:00:00'
param deadlinesReminderInterval string = '7.00:00:00'
param deadlinesCommitteeAcknowledge string = '14.00:00:00'
param deadlinesRecommendation string = '60.00:00:00'
param deadlinesDecision string = '30.00:00:00'
param deadlinesComplainantFeedback string = '90.00:00:00'
param deadlinesRespondentReply string = '30.00:00:00'
@description('The appeal window after a sanction; 00:00:00 means decisions cannot be appealed.')
param deadlinesAppeal string = '30.00:00:00'
param deadlinesAppealDecision string = '60.00:00:00'
param schedulesChase string = '0 0 * * * *'
param schedulesDigest string = '0 0 7 * * *'
param schedulesRedrive string = '0 */15 * * * *'
@description('How long stored work may stay unfinished before the re-drive timer queues it again (TimeSpan).')
param schedulesRedriveAfter string = '00:10:00'
@description('How long one SendGrid call may take before it is given up and retried later (TimeSpan).')
param sendGridTimeout string = '00:00:30'
@description('How long a link sent by mail works before its holder must ask for a fresh one (TimeSpan).')
param linksLifetime string = '30.00:00:00'
@description('Origins allowed to embed the form and post to the API, comma-separated.')
param intakeAllowedOrigins string = ''
param intakeSubmissionsPerClientPerHour string = '10'
param intakeAcknowledgementsPerAddressPerDay string = '3'
param intakeUnprovenSubmissionsPerHour string = '30'
param intakeProofOfWorkBits string = '16'
@description('How the workspace signs people in (SPEC §11): email (one-time links by mail) or entra (App Service Authentication).')
@allowed(['email', 'entra'])
param workspaceSignIn string = 'email'
@description('With workspaceSignIn entra: the client id of the Entra ID app registration the workspace signs in with.')
param workspaceEntraClientId string = ''

@description('The largest evidence file, in bytes.')
param attachmentsMaxBytes string = '10485760'
@description('How many evidence files a case may hold.')
param attachmentsMaxPerCase string = '20'
@description('All of a case\'s evidence files together, in bytes.')
param attachmentsMaxCaseBytes string = '52428800'
param retentionDecidedCases string = '2557.00:00:00'
param retentionWithdrawn string = '365.00:00:00'
@minValue(1)
@maxValue(365)
@description('Days a deleted blob or container (an erased attachment among them) stays recoverable: blob soft delete.')
param blobSoftDeleteRetentionDays int = 14
@description('Opt-in: Microsoft Defender for Storage with malware scanning on upload for the storage account (billed per GB scanned; deploying it needs Security Admin or Owner).')
param defenderMalwareScanning bool = false
@minValue(-1)
@description('Most GB Defender malware scanning reads per month; -1 means no cap.')
param defenderMalwareScanningCapGBPerMonth int = 5000

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var deploymentContainerName = 'app-package-${take(token, 8)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  scope: rg
  params: {
    name: 'id-complaints-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: 'log-complaints-${token}'
    applicationInsightsName: 'appi-complaints-${token}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  scope: rg
  params: {
    name: 'stcomplaints${take(token, 12)}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    softDeleteRetentionDays: blobSoftDeleteRetentionDays
    malwareScanning: defenderMalwareScanning
    malwareScanningCapGBPerMonth: defenderMalwareScanningCapGBPerMonth
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    // The app's tables and queues (functions/…/Storage/StorageInitializer.cs; a test holds the two lists equal).
    tableNames: ['Cases', 'DueIndex', 'OpenCases', 'Directory', 'Idempotency', 'Digests', 'DeliveryFailures', 'LinkRevocations', 'Throttles', 'WorkspaceSessions', 'WorkspaceReads']
    queueNames: ['routing', 'mail', 'chase', 'routing-poison', 'mail-poison', 'chase-poison']
  }
}

module vault 'core/keyvault.bicep' = {
  scope: rg
  params: {
    name: 'kv-cr-${take(token, 13)}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    sendGridApiKey: sendGridApiKey
    linksSigningKey: linksSigningKey
    encryptionKey: encryptionKey
    linksPreviousSigningKeys: linksPreviousSigningKeys
    encryptionPreviousKeys: encryptionPreviousKeys
  }
}

module api 'app/function.bicep' = {
  scope: rg
  params: {
    planName: 'plan-complaints-${token}'
    appName: 'func-complaints-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: vault.outputs.uri
    hasPreviousSigningKeys: !empty(linksPreviousSigningKeys)
    hasPreviousEncryptionKeys: !empty(encryptionPreviousKeys)
    publicBaseUrl: linksPublicBaseUrl
    entraClientId: workspaceSignIn == 'entra' ? (empty(workspaceEntraClientId) ? fail('workspaceSignIn entra needs workspaceEntraClientId: without App Service Authentication the workspace would trust a principal header anyone can send.') : workspaceEntraClientId) : ''
    settings: {
      SendGrid__FromEmail: sendGridFromEmail
      SendGrid__FromName: sendGridFromName
      SendGrid__EventWebhookPublicKey: sendGridEventWebhookPublicKey
      Committee__ChairEmail: committeeChairEmail
      Committee__ChairName: committeeChairName
      Committee__ChairMembershipNumber: committeeChairMembershipNumber
      Committee__DeputyEmail: committeeDeputyEmail
      Committee__ChairLanguage: committeeChairLanguage
      Committee__DeputyLanguage: committeeDeputyLanguage
      ExecutiveCommittee__Email: executiveCommitteeEmail
      ExecutiveCommittee__Name: executiveCommitteeName
      ExecutiveCommittee__Language: executiveCommitteeLanguage
      Encryption__KeyId: encryptionKeyId
      Deadlines__NationalAcknowledge: deadlinesNationalAcknowledge
      Deadlines__NationalOutcome: deadlinesNationalOutcome
      Deadlines__Grace: deadlinesGrace
      Deadlines__ReminderInterval: deadlinesReminderInterval
      Deadlines__CommitteeAcknowledge: deadlinesCommitteeAcknowledge
      Deadlines__Recommendation: deadlinesRecommendation
      Deadlines__Decision: deadlinesDecision
      Deadlines__ComplainantFeedback: deadlinesComplainantFeedback
      Deadlines__RespondentReply: deadlinesRespondentReply
      Deadlines__Appeal: deadlinesAppeal
      Deadlines__AppealDecision: deadlinesAppealDecision
      Schedules__Chase: schedulesChase
      Schedules__Digest: schedulesDigest
      Schedules__Redrive: schedulesRedrive
      Schedules__RedriveAfter: schedulesRedriveAfter
      SendGrid__Timeout: sendGridTimeout
      Links__Lifetime: linksLifetime
      Intake__AllowedOrigins: intakeAllowedOrigins
      Intake__SubmissionsPerClientPerHour: intakeSubmissionsPerClientPerHour
      Intake__AcknowledgementsPerAddressPerDay: intakeAcknowledgementsPerAddressPerDay
      Intake__UnprovenSubmissionsPerHour: intakeUnprovenSubmissionsPerHour
      Intake__ProofOfWorkBits: intakeProofOfWorkBits
      Workspace__SignIn: workspaceSignIn
      Attachments__MaxBytes: attachmentsMaxBytes
      Attachments__MaxPerCase: attachmentsMaxPerCase
      Attachments__MaxCaseBytes: attachmentsMaxCaseBytes
      Retention__DecidedCases: retentionDecidedCases
      Retention__Withdrawn: retentionWithdrawn
    }
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
