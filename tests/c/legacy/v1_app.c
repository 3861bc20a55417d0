/*
 * SPDX-License-Identifier: MIT
 *
 * Sample application code written against the Amazon FreeRTOS v1 OTA API,
 * as the v1 OTA demos were: it includes only v1 headers, defines
 * xAppFirmwareVersion, and drives the agent with OTA_AgentInit,
 * OTA_SetImageState and the rest. The v1_app_* functions let the test
 * scenarios call it; the body of each is plain v1 code.
 *
 * Builds with OTA_V1_FILE_CONTEXT_LAYOUT 110 (V1.1/V1.2: connection
 * context, V1.2 states) or 100 (V1.0: MQTT handle, NotReady/Ready/Active).
 */

#include <string.h>

#include "aws_iot_ota_agent.h"
#include "aws_application_version.h"

#include "v1_app.h"

/* Declare the firmware version structure for all to see. */
const AppVersion32_t xAppFirmwareVersion =
{
    .u.x.ucMajor = APP_VERSION_MAJOR,
    .u.x.ucMinor = APP_VERSION_MINOR,
    .u.x.usBuild = APP_VERSION_BUILD,
};

static int xMqttConnection; /* Stands in for the MQTT connection handle. */

#if ( OTA_V1_FILE_CONTEXT_LAYOUT != 100 )
    static OTA_ConnectionContext_t xConnection = { &xMqttConnection, NULL, NULL };
    #define v1appCONNECTION    ( ( void * ) &xConnection )
#else
    #define v1appCONNECTION    ( ( void * ) &xMqttConnection )
#endif

int v1_app_events[ 3 ];
uint32_t v1_app_activate_result = 0xffffffffUL;
uint32_t v1_app_accept_result = 0xffffffffUL;
int v1_app_custom_jobs = 0;

static void prvOTAUpdateCallback( OTA_JobEvent_t eEvent )
{
    if( ( int ) eEvent >= 0 && ( int ) eEvent <= ( int ) eOTA_LastJobEvent )
    {
        v1_app_events[ eEvent ]++;
    }

    if( eEvent == eOTA_JobEvent_Activate )
    {
        v1_app_activate_result = OTA_ActivateNewImage();
    }
    else if( eEvent == eOTA_JobEvent_StartTest )
    {
        v1_app_accept_result = OTA_SetImageState( eOTA_ImageState_Accepted );
    }
    else
    {
        /* eOTA_JobEvent_Fail: nothing to do here. */
    }
}

/* Takes custom jobs whose document says "operation":"blink". */
static OTA_JobParseErr_t prvCustomJobCallback( const char * pcJSON,
                                               uint32_t ulMsgLen )
{
    static const char cNeedle[] = "\"operation\":\"blink\"";
    uint32_t i;

    v1_app_custom_jobs++;

    for( i = 0; i + CONST_STRLEN( cNeedle ) <= ulMsgLen; i++ )
    {
        if( memcmp( &pcJSON[ i ], cNeedle, CONST_STRLEN( cNeedle ) ) == 0 )
        {
            return eOTA_JobParseErr_None;
        }
    }

    return eOTA_JobParseErr_NonConformingJobDoc;
}

int v1_app_start( const char * pcThingName,
                  uint32_t ulTicks,
                  int xUseDefaultCallback )
{
    memset( v1_app_events, 0, sizeof( v1_app_events ) );
    return ( int ) OTA_AgentInit( v1appCONNECTION, ( const uint8_t * ) pcThingName,
                                  xUseDefaultCallback ? NULL : prvOTAUpdateCallback, ulTicks );
}

int v1_app_start_internal( const char * pcThingName,
                           uint32_t ulTicks )
{
    OTA_PAL_Callbacks_t xCallbacks;

    memset( &xCallbacks, 0, sizeof( xCallbacks ) );
    xCallbacks.xCompleteCallback = prvOTAUpdateCallback;
    xCallbacks.xCustomJobCallback = prvCustomJobCallback;
    memset( v1_app_events, 0, sizeof( v1_app_events ) );
    return ( int ) OTA_AgentInit_internal( v1appCONNECTION, ( const uint8_t * ) pcThingName, &xCallbacks, ulTicks );
}

void * v1_app_connection( void )
{
    return v1appCONNECTION;
}

int v1_app_state( void )
{
    return ( int ) OTA_GetAgentState();
}

int v1_app_shutdown( uint32_t ulTicks )
{
    return ( int ) OTA_AgentShutdown( ulTicks );
}

uint32_t v1_app_set_image_state( int lState )
{
    return OTA_SetImageState( ( OTA_ImageState_t ) lState );
}

int v1_app_get_image_state( void )
{
    return ( int ) OTA_GetImageState();
}

uint32_t v1_app_check_for_update( void )
{
    return OTA_CheckForUpdate();
}

uint32_t v1_app_activate( void )
{
    return OTA_ActivateNewImage();
}

#if ( OTA_V1_FILE_CONTEXT_LAYOUT != 100 )
    uint32_t v1_app_suspend( void )
    {
        return OTA_Suspend();
    }

    uint32_t v1_app_resume( void )
    {
        return OTA_Resume( v1appCONNECTION );
    }
#endif

uint32_t v1_app_packets_received( void )
{
    return OTA_GetPacketsReceived();
}

uint32_t v1_app_packets_queued( void )
{
    return OTA_GetPacketsQueued();
}

uint32_t v1_app_packets_processed( void )
{
    return OTA_GetPacketsProcessed();
}

uint32_t v1_app_packets_dropped( void )
{
    return OTA_GetPacketsDropped();
}

uint32_t v1_app_version32( void )
{
    return xAppFirmwareVersion.u.ulVersion32;
}
