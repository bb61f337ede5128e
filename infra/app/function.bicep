@description('The function app on a Flex Consumption plan, running as the user-assigned identity.')
param planName string
param appName string
param location string
param tags object = {}
param identityId string
param identityClientId string
param identityPrincipalId string
param storageAccountName string
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param deploymentContainerName string
param applicationInsightsName string
param applicationInsightsConnectionString string
param keyVaultUri string
param hasPreviousSigningKeys bool
param hasPreviousEncryptionKeys bool
@description('Every other setting the app reads (SPEC §7), already named with __.')
param settings object
@description('Base of the links in mails; empty means the app\'s own https address.')
param publicBaseUrl string = ''
@description('The Entra ID app registration (client id) App Service Authentication signs the workspace in with; empty: no platform sign-in (Workspace__SignIn=email).')
param entraClientId string = ''


var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

var secretSettings = union({
  SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/sendgrid-api-key/)'
  Links__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/links-signing-key/)'
  Encryption__Key: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/encryption-key/)'
}, hasPreviousSigningKeys ? {
  Links__PreviousSigningKeys: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/links-previous-signing-keys/)'
} : {}, hasPreviousEncryptionKeys ? {
  Encryption__PreviousKeys: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/encryption-previous-keys/)'
} : {})

var platformSettings = {
  // Identity-based storage: no key anywhere (the account refuses shared keys).
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__queueServiceUri: queueEndpoint
  AzureWebJobsStorage__tableServiceUri: tableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // The tables, queues and containers are the template's (core/storage.bicep): no create call on a cold start.
  Storage__CreateResources: 'false'
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: union(platformSettings, secretSettings, settings, {
    Links__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
  })
}

// The workspace's sign-in with Entra ID (SPEC §11, Workspace__SignIn=entra): the platform signs
// people in and sets X-MS-CLIENT-PRINCIPAL-NAME, dropping one a client sends. Anonymous requests
// still reach the app — the complaint form, the links and the webhook need no account — and the
// workspace sends a person without a principal to /.auth/login/aad.
resource authentication 'Microsoft.Web/sites/config@2025-03-01' = if (!empty(entraClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: { allowedAudiences: [ 'api://${entraClientId}' ] }
      }
    }
    login: { tokenStore: { enabled: false } }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource publishesTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: applicationInsights
  name: guid(applicationInsights.id, identityPrincipalId, monitoringMetricsPublisher)
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
output storageAccountName string = storageAccountName
