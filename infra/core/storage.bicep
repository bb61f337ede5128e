@description('Storage for the app (tables, queues, evidence attachments) and its deployment package. No shared keys: Entra ID only.')
param name string
param location string
param tags object = {}
param deploymentContainerName string
@description('Principal id of the app identity.')
param appPrincipalId string
@description('Optional: the deploying user, for local debugging against the cloud account.')
param userPrincipalId string = ''
@minValue(1)
@maxValue(365)
@description('Days a deleted blob or container stays recoverable (blob and container soft delete).')
param softDeleteRetentionDays int = 14
@description('Turn on Microsoft Defender for Storage with malware scanning on upload for this account (billed per GB scanned).')
param malwareScanning bool = false
@minValue(-1)
@description('Most GB malware scanning reads per month; -1 means no cap.')
param malwareScanningCapGBPerMonth int = 5000

@description('The Log Analytics workspace that keeps the account\'s audit logs: who read, wrote or deleted what, and when.')
param logAnalyticsId string
@description('The tables the app uses (StorageInitializer.Tables): made here, so the app makes no create call in Azure.')
param tableNames array
@description('The work queues and their poison queues (StorageInitializer.Queues): made here for the same reason.')
param queueNames array

@description('The container evidence attachments are stored in (SPEC §10); the app names it too.')
var attachmentsContainerName = 'attachments'

var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    // A deleted blob or container (an erased attachment among them) stays recoverable this long.
    deleteRetentionPolicy: { enabled: true, days: softDeleteRetentionDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteRetentionDays }
    // A blob overwritten keeps its earlier versions (the backups of SPEC §13 live here too).
    isVersioningEnabled: true
  }
}

// Every case lives in this account: deleting it takes removing this lock first, on purpose.
resource keepTheAccount 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'keep-the-complaints'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'Every complaint lives in this account. Remove the lock on purpose before deleting it.'
  }
}

// The audit trail of the data itself: every read, write and delete of blobs, tables and queues.
var auditLogs = [
  { category: 'StorageRead', enabled: true }
  { category: 'StorageWrite', enabled: true }
  { category: 'StorageDelete', enabled: true }
]

resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit'
  scope: blobs
  properties: { workspaceId: logAnalyticsId, logs: auditLogs }
}

resource tableAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit'
  scope: tableService
  properties: { workspaceId: logAnalyticsId, logs: auditLogs }
}

resource queueAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit'
  scope: queueService
  properties: { workspaceId: logAnalyticsId, logs: auditLogs }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [for table in tableNames: {
  parent: tableService
  name: table
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [for queue in queueNames: {
  parent: queueService
  name: queue
}]

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobs
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource attachmentsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobs
  name: attachmentsContainerName
  properties: { publicAccess: 'None' }
}

// Opt-in: deployed only when asked for, so that by default a subscription-level Defender plan
// keeps applying untouched (and deploying needs no Microsoft.Security permission).
resource defender 'Microsoft.Security/defenderForStorageSettings@2022-12-01-preview' = if (malwareScanning) {
  scope: storage
  name: 'current'
  properties: {
    isEnabled: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanningCapGBPerMonth
      }
    }
    sensitiveDataDiscovery: { isEnabled: false }
    overrideSubscriptionLevelSettings: true
  }
}

resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  scope: storage
  name: guid(storage.id, appPrincipalId, role.value)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

resource userRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): if (!empty(userPrincipalId)) {
  scope: storage
  name: guid(storage.id, userPrincipalId, role.value)
  properties: {
    principalId: userPrincipalId
    principalType: 'User'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
