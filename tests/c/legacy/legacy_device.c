/*
 * SPDX-License-Identifier: MIT
 *
 * legacy_device.c - a device "firmware" for a POSIX host whose flash code is
 * one of the legacy sample ports, for end-to-end runs against a real broker
 * and the cloud stand-in (examples/demo/tests/legacy_e2e.rs):
 *
 *   --pal v1     the v1 PAL (v1_pal_file.c) through OTA_V1_GetPalInterface;
 *   --pal alios  the AliOS port (alios_port_file.c) through
 *                OTA_AliOS_GetPalInterface, with the adapter's record in
 *                ota_agent_bp.bin, so an interrupted download resumes.
 *
 * The rest is the C demo's (examples/c-demo): its MQTT and HTTP glue, event
 * pool and image header, and the POSIX OS port.
 *
 *   legacy_device --pal v1|alios --broker HOST:PORT --thing NAME --image PATH
 *                 --state-dir DIR [--version X.Y.Z] [--timeout SECONDS]
 *                 [--signer-key PEM_FILE] [--breakpoint-every BLOCKS]
 *                 [--power-cut-at-block N]
 *
 * The ports keep their files (image state, flash partitions, key-value
 * store) in the working directory: the program changes to DIR first.
 * --power-cut-at-block N ends the process with _exit( 42 ) before the
 * N-th block (counting from 0) this boot would write, as a power cut would.
 *
 * After the download the image is activated: the PAL (v1) or the port's
 * OTA_FINISH (AliOS) marks it, and the program executes itself again (a
 * "reboot"). The next boot finds the image pending commit, runs as the
 * version in its header ("OTA-DEMO-IMAGE vX.Y.Z"), accepts it in the
 * self-test and exits 0 once the job is SUCCEEDED.
 *
 * Exit codes: 0 updated; 1 update failed; 3 job gone; 4 set-up error;
 * 5 --timeout; 42 power cut.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "ota_os_posix.h"
#include "ota_v1_adapter.h"
#include "ota_alios_adapter.h"
#include "hal/soc/flash.h"

#define EXIT_UPDATED          0
#define EXIT_UPDATE_FAILED    1
#define EXIT_JOB_CANCELED     3
#define EXIT_SETUP_ERROR      4
#define EXIT_TIMEOUT          5
#define EXIT_POWER_CUT        42

#define PATH_SIZE             512
#define MAX_BOOTS             6
#define ENV_BOOT_COUNT        "LEGACY_DEVICE_BOOT_COUNT"

/* The v1 PAL's image state file and the AliOS partitions, in the state dir. */
#define V1_STATE_FILE         "PlatformImageState.txt"
#define ALIOS_IMAGE_FILE      "flash.3.bin" /* HAL_PARTITION_OTA_TEMP */
#define ALIOS_RECORD_FILE     "ota_agent_bp.bin"
#define ALIOS_FLAG_MAGIC      0x20180712UL

AppVersion32_t appFirmwareVersion;

extern hal_ota_module_t file_ota_module;
extern char ** environ;

static char brokerHost[ 256 ] = "127.0.0.1";
static int brokerPort = 1883;
static const char * pThingName = NULL;
static const char * pImagePath = NULL;
static const char * pStateDir = NULL;
static const char * pSignerKeyPath = NULL;
static bool palAliOS = false;
static AppVersion32_t factoryVersion;
static unsigned timeoutSeconds = 0;
static uint32_t breakpointEvery = 4;
static long powerCutAt = -1;

static char selfExe[ PATH_SIZE ];
static char ** savedArgv;
static int bootCount = 0;
static bool imagePending = false;
static char pendingImagePath[ PATH_SIZE ];

static OtaAliOSConfig_t aliosConfig;
static uint8_t * pSignerKey = NULL;

static OtaPalWriteBlock_t realWriteBlock;
static long blocksWritten = 0;

static volatile bool jobActive = false;

static OtaInterfaces_t interfaces =
{
    .os   =
    {
        .event = { Posix_OtaInitEvent, Posix_OtaSendEvent, Posix_OtaReceiveEvent, Posix_OtaDeinitEvent, NULL },
        .timer = { Posix_OtaStartTimer, Posix_OtaStopTimer, Posix_OtaDeleteTimer },
        .mem   = { STDC_Malloc, STDC_Free },
    },
    .mqtt = { mqttGlue_Subscribe, mqttGlue_Unsubscribe, mqttGlue_Publish },
    .http = { httpGlue_Init, httpGlue_Request, httpGlue_Deinit },
};

static const char * versionText( AppVersion32_t v )
{
    static char text[ 24 ];

    ( void ) snprintf( text, sizeof( text ), "v%u.%u.%u", ( unsigned ) v.u.x.major,
                       ( unsigned ) v.u.x.minor, ( unsigned ) v.u.x.build );
    return text;
}

/*------------------------------- reboot -------------------------------*/

/* Executes this program again with the same arguments, as a reset would
 * start the firmware again. Does not return. */
static void reboot( void )
{
    static char countVar[ 64 ];
    char ** envp;
    size_t n = 0, i, j = 0;
    long fd;

    if( bootCount + 1 >= MAX_BOOTS )
    {
        demoSay( "too many reboots in a row: stopping" );
        _exit( EXIT_SETUP_ERROR );
    }

    ( void ) snprintf( countVar, sizeof( countVar ), "%s=%d", ENV_BOOT_COUNT, bootCount + 1 );

    while( environ[ n ] != NULL )
    {
        n++;
    }

    envp = calloc( n + 2U, sizeof( char * ) );

    if( envp == NULL )
    {
        _exit( EXIT_SETUP_ERROR );
    }

    for( i = 0; i < n; i++ )
    {
        if( strncmp( environ[ i ], ENV_BOOT_COUNT "=", strlen( ENV_BOOT_COUNT ) + 1U ) != 0 )
        {
            envp[ j++ ] = environ[ i ];
        }
    }

    envp[ j++ ] = countVar;
    envp[ j ] = NULL;

    demoSay( "rebooting ..." );
    mqttGlue_Quiet();
    ( void ) fflush( stdout );
    ( void ) fflush( stderr );

    for( fd = 3; fd < 1024; fd++ )
    {
        ( void ) close( ( int ) fd );
    }

    ( void ) execve( selfExe, savedArgv, envp );
    ( void ) fprintf( stderr, "legacy_device: cannot restart %s: %s\n", selfExe, strerror( errno ) );
    _exit( EXIT_SETUP_ERROR );
}

/*--------------------------- the ports' glue ---------------------------*/

static int loadRecord( void * pData,
                       uint32_t length )
{
    FILE * f = fopen( ALIOS_RECORD_FILE, "rb" );
    size_t n;

    if( f == NULL )
    {
        return -1;
    }

    n = fread( pData, 1U, length, f );
    ( void ) fclose( f );
    return ( n == length ) ? 0 : -1;
}

static int saveRecord( const void * pData,
                       uint32_t length )
{
    FILE * f = fopen( ALIOS_RECORD_FILE ".tmp", "wb" );
    bool ok;

    if( f == NULL )
    {
        return -1;
    }

    ok = ( fwrite( pData, 1U, length, f ) == length );
    ok = ( fclose( f ) == 0 ) && ok;
    ok = ok && ( rename( ALIOS_RECORD_FILE ".tmp", ALIOS_RECORD_FILE ) == 0 );
    return ok ? 0 : -1;
}

/* The write wrapper: a power cut before block powerCutAt of this boot. */
static int16_t writeBlockCut( OtaFileContext_t * const pFileContext,
                              uint32_t offset,
                              uint8_t * const pData,
                              uint32_t blockSize )
{
    if( ( powerCutAt >= 0 ) && ( blocksWritten == powerCutAt ) )
    {
        demoSay( "power cut before writing block %ld of this boot (offset %lu)", blocksWritten,
                 ( unsigned long ) offset );
        ( void ) fflush( stdout );
        ( void ) fflush( stderr );
        _exit( EXIT_POWER_CUT );
    }

    blocksWritten++;
    return realWriteBlock( pFileContext, offset, pData, blockSize );
}

static uint8_t * readFile( const char * pPath,
                           size_t * pSize )
{
    FILE * f = fopen( pPath, "rb" );
    uint8_t * p = NULL;
    long size;

    if( f == NULL )
    {
        return NULL;
    }

    if( ( fseek( f, 0L, SEEK_END ) == 0 ) && ( ( size = ftell( f ) ) > 0 ) && ( fseek( f, 0L, SEEK_SET ) == 0 ) )
    {
        p = malloc( ( size_t ) size + 1U );

        if( ( p != NULL ) && ( fread( p, 1U, ( size_t ) size, f ) == ( size_t ) size ) )
        {
            p[ size ] = 0U;
            *pSize = ( size_t ) size + 1U; /* With the NUL, as sizeof of a PEM string. */
        }
        else
        {
            free( p );
            p = NULL;
        }
    }

    ( void ) fclose( f );
    return p;
}

static bool setUpPal( void )
{
    if( palAliOS )
    {
        size_t keySize = 0;

        pSignerKey = ( pSignerKeyPath != NULL ) ? readFile( pSignerKeyPath, &keySize ) : NULL;

        if( pSignerKey == NULL )
        {
            demoSay( "the AliOS adapter needs --signer-key (a readable PEM file)" );
            return false;
        }

        ( void ) memset( &aliosConfig, 0, sizeof( aliosConfig ) );
        aliosConfig.pModule = &file_ota_module;
        aliosConfig.pSignerKey = pSignerKey;
        aliosConfig.signerKeyLength = keySize;
        aliosConfig.loadState = loadRecord;
        aliosConfig.saveState = saveRecord;
        aliosConfig.breakpointEveryBlocks = breakpointEvery;
        aliosConfig.updateType = OTA_APP;
        aliosConfig.firmwareType = OTA_RAW;
        aliosConfig.reboot = reboot;

        if( !OTA_AliOS_GetPalInterface( &interfaces.pal, &aliosConfig ) )
        {
            demoSay( "OTA_AliOS_GetPalInterface failed" );
            return false;
        }
    }
    else if( !OTA_V1_GetPalInterface( &interfaces.pal ) )
    {
        demoSay( "OTA_V1_GetPalInterface failed" );
        return false;
    }

    realWriteBlock = interfaces.pal.writeBlock;
    interfaces.pal.writeBlock = writeBlockCut;
    return true;
}

/* The boot loader's part of the AliOS port: a flag "switch to the new image"
 * (1) set by OTA_FINISH becomes "new image booted, check it" (2). */
static void aliosBootLoader( void )
{
    uint32_t flag[ 4 ];
    uint32_t offset = 0;

    if( ( hal_flash_read( HAL_PARTITION_PARAMETER_3, &offset, flag, sizeof( flag ) ) == 0 ) &&
        ( flag[ 0 ] == ALIOS_FLAG_MAGIC ) && ( flag[ 1 ] == 1U ) )
    {
        demoSay( "boot loader: booting the new image (%lu bytes)", ( unsigned long ) flag[ 2 ] );
        flag[ 1 ] = 2U;
        offset = 0;
        ( void ) hal_flash_write( HAL_PARTITION_PARAMETER_3, &offset, flag, sizeof( flag ) );
    }
}

static void boot( void )
{
    DemoImageInfo_t info;
    char why[ 256 ];

    appFirmwareVersion = factoryVersion;

    if( palAliOS )
    {
        aliosBootLoader();
    }

    imagePending = ( interfaces.pal.getPlatformImageState( NULL ) == OtaPalImageStatePendingCommit );

    if( !imagePending )
    {
        demoSay( "running the factory firmware (%s PAL)", palAliOS ? "AliOS" : "v1" );
        return;
    }

    ( void ) snprintf( pendingImagePath, sizeof( pendingImagePath ), "%s", palAliOS ? ALIOS_IMAGE_FILE : pImagePath );

    if( demoImage_Read( pendingImagePath, &info, why, sizeof( why ) ) )
    {
        appFirmwareVersion = info.version;
        demoSay( "booted the new image (%s), pending commit", versionText( info.version ) );
    }
    else
    {
        demoSay( "booted a new image that cannot be read (%s)", why );
    }
}

/*-------------------------- the agent callback -------------------------*/

static void otaAppCallback( OtaJobEvent_t event,
                            void * pData )
{
    OtaErr_t err;
    bool finished = demoFinished();

    if( finished && ( event != OtaJobEventProcessed ) )
    {
        return;
    }

    switch( event )
    {
        case OtaJobEventReceivedJob:
            jobActive = true;
            demoSay( imagePending ? "job received: in self-test" : "job received: downloading" );

            if( palAliOS && !imagePending )
            {
                demoSay( "resume offset %lu", ( unsigned long ) OTA_AliOS_GetResumeOffset() );
            }

            break;

        case OtaJobEventActivate:
            demoSay( "download complete and signature verified: activating the new image" );
            err = OTA_ActivateNewImage();

            /* A host PAL may return from activation: reset as a board would. */
            if( err == OtaErrNone )
            {
                reboot();
            }

            demoSay( "activation failed: %s", OTA_Err_strerror( err ) );
            demoFinish( EXIT_UPDATE_FAILED );
            break;

        case OtaJobEventFail:
            demoSay( "update FAILED" );
            demoFinish( EXIT_UPDATE_FAILED );
            break;

        case OtaJobEventStartTest:
        {
            DemoImageInfo_t info;
            char why[ 256 ];

            if( imagePending && demoImage_Read( pendingImagePath, &info, why, sizeof( why ) ) &&
                ( info.version.u.unsignedVersion32 == appFirmwareVersion.u.unsignedVersion32 ) )
            {
                err = OTA_SetImageState( OtaImageStateAccepted );

                if( err == OtaErrNone )
                {
                    demoSay( "self-test passed: update complete, now running %s (committed)",
                             versionText( appFirmwareVersion ) );
                    demoFinish( EXIT_UPDATED );
                    break;
                }

                demoSay( "could not accept the image: %s", OTA_Err_strerror( err ) );
            }
            else
            {
                demoSay( "self-test FAILED: rejecting the new image" );
                ( void ) OTA_SetImageState( OtaImageStateRejected );
            }

            demoFinish( EXIT_UPDATE_FAILED );
            break;
        }

        case OtaJobEventProcessed:
            httpGlue_BufferReleased( ( const OtaEventData_t * ) pData );
            eventPool_Put( ( OtaEventData_t * ) pData );
            break;

        case OtaJobEventNoActiveJob:

            if( jobActive )
            {
                demoSay( "the job is gone" );
                demoFinish( EXIT_JOB_CANCELED );
            }
            else
            {
                demoSay( "no update pending; waiting for a job" );
            }

            break;

        default:
            break;
    }
}

static void * agentTask( void * pArg )
{
    ( void ) pArg;
    OTA_EventProcessingTask( NULL );
    return NULL;
}

/*-------------------------------- main --------------------------------*/

static bool parseArgs( int argc,
                       char ** argv )
{
    int i;

    ( void ) demoParseVersion( "1.0.1", &factoryVersion );

    for( i = 1; i + 1 < argc; i += 2 )
    {
        const char * pArg = argv[ i ];
        const char * pValue = argv[ i + 1 ];

        if( strcmp( pArg, "--pal" ) == 0 )
        {
            if( strcmp( pValue, "alios" ) == 0 )
            {
                palAliOS = true;
            }
            else if( strcmp( pValue, "v1" ) != 0 )
            {
                return false;
            }
        }
        else if( strcmp( pArg, "--broker" ) == 0 )
        {
            const char * pColon = strrchr( pValue, ':' );
            size_t hostLength = ( pColon != NULL ) ? ( size_t ) ( pColon - pValue ) : strlen( pValue );

            if( ( hostLength == 0U ) || ( hostLength >= sizeof( brokerHost ) ) )
            {
                return false;
            }

            ( void ) memcpy( brokerHost, pValue, hostLength );
            brokerHost[ hostLength ] = '\0';
            brokerPort = ( pColon != NULL ) ? atoi( pColon + 1 ) : 1883;
        }
        else if( strcmp( pArg, "--thing" ) == 0 )
        {
            pThingName = pValue;
        }
        else if( strcmp( pArg, "--image" ) == 0 )
        {
            pImagePath = pValue;
        }
        else if( strcmp( pArg, "--state-dir" ) == 0 )
        {
            pStateDir = pValue;
        }
        else if( strcmp( pArg, "--version" ) == 0 )
        {
            if( !demoParseVersion( pValue, &factoryVersion ) )
            {
                return false;
            }
        }
        else if( strcmp( pArg, "--timeout" ) == 0 )
        {
            timeoutSeconds = ( unsigned ) strtoul( pValue, NULL, 10 );
        }
        else if( strcmp( pArg, "--signer-key" ) == 0 )
        {
            pSignerKeyPath = pValue;
        }
        else if( strcmp( pArg, "--breakpoint-every" ) == 0 )
        {
            breakpointEvery = ( uint32_t ) strtoul( pValue, NULL, 10 );
        }
        else if( strcmp( pArg, "--power-cut-at-block" ) == 0 )
        {
            powerCutAt = strtol( pValue, NULL, 10 );
        }
        else
        {
            ( void ) fprintf( stderr, "legacy_device: unknown option %s\n", pArg );
            return false;
        }
    }

    return ( i == argc ) && ( pThingName != NULL ) && ( pImagePath != NULL ) && ( pStateDir != NULL ) &&
           ( brokerPort > 0 ) && ( brokerPort <= 65535 ) &&
           ( strlen( pThingName ) <= otaconfigMAX_THINGNAME_LEN );
}

int main( int argc,
          char ** argv )
{
    static uint8_t updateFilePath[ PATH_SIZE ];
    static uint8_t certFilePath[ PATH_SIZE ];
    static uint8_t streamName[ 64 ];
    static uint8_t decodeMem[ 1U << otaconfigLOG2_FILE_BLOCK_SIZE ];
    static uint8_t bitmap[ OTA_MAX_BLOCK_BITMAP_SIZE ];
    static OtaAppBuffer_t buffers =
    {
        .pUpdateFilePath = updateFilePath, .updateFilePathsize = sizeof( updateFilePath ),
        .pCertFilePath   = certFilePath,   .certFilePathSize   = sizeof( certFilePath ),
        .pStreamName     = streamName,     .streamNameSize     = sizeof( streamName ),
        .pDecodeMemory   = decodeMem,      .decodeMemorySize   = sizeof( decodeMem ),
        .pFileBitmap     = bitmap,         .fileBitmapSize     = sizeof( bitmap ),
    };
    OtaEventMsg_t start = { NULL, OtaAgentEventStart };
    const char * pEnv;
    pthread_t task;
    OtaErr_t err;
    int code;
    ssize_t n;

    savedArgv = argv;

    if( !parseArgs( argc, argv ) )
    {
        ( void ) fprintf( stderr,
                          "usage: legacy_device --pal v1|alios --broker HOST:PORT --thing NAME --image PATH\n"
                          "       --state-dir DIR [--version X.Y.Z] [--timeout S] [--signer-key PEM]\n"
                          "       [--breakpoint-every BLOCKS] [--power-cut-at-block N]\n" );
        return EXIT_SETUP_ERROR;
    }

    n = readlink( "/proc/self/exe", selfExe, sizeof( selfExe ) - 1U );

    if( n > 0 )
    {
        selfExe[ n ] = '\0';
    }
    else
    {
        ( void ) snprintf( selfExe, sizeof( selfExe ), "%s", argv[ 0 ] );
    }

    pEnv = getenv( ENV_BOOT_COUNT );
    bootCount = ( pEnv != NULL ) ? atoi( pEnv ) : 0;

    if( ( ( mkdir( pStateDir, 0755 ) != 0 ) && ( errno != EEXIST ) ) || ( chdir( pStateDir ) != 0 ) )
    {
        ( void ) fprintf( stderr, "legacy_device: cannot use %s: %s\n", pStateDir, strerror( errno ) );
        return EXIT_SETUP_ERROR;
    }

    if( !setUpPal() )
    {
        return EXIT_SETUP_ERROR;
    }

    boot();
    demoSay( "started (boot %d); thing \"%s\"", bootCount, pThingName );

    if( !mqttGlue_Start( brokerHost, brokerPort, pThingName, pThingName, 10000U ) )
    {
        return EXIT_SETUP_ERROR;
    }

    err = OTA_Init( &buffers, &interfaces, ( const uint8_t * ) pThingName, otaAppCallback );

    if( err != OtaErrNone )
    {
        demoSay( "OTA_Init failed: %s", OTA_Err_strerror( err ) );
        mqttGlue_Stop();
        return EXIT_SETUP_ERROR;
    }

    if( ( pthread_create( &task, NULL, agentTask, NULL ) != 0 ) || !OTA_SignalEvent( &start ) )
    {
        demoSay( "cannot start the agent" );
        return EXIT_SETUP_ERROR;
    }

    code = demoRunUntilDone( task, timeoutSeconds, 100L, NULL, EXIT_UPDATE_FAILED, EXIT_TIMEOUT );
    free( pSignerKey );
    return code;
}
