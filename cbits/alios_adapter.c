/*
 * SPDX-License-Identifier: MIT
 *
 * An AliOS-Things hal_ota_module_t as the agent's PAL, with resumable
 * downloads. Declared in include/ota_alios_adapter.h, which describes the
 * behaviour; docs/porting-legacy.md explains the choices.
 *
 * State that must survive a reboot is one 28-byte record, moved through the
 * application's loadState / saveState hooks:
 *
 *   magic, version, kind (none / downloading / pending commit), file size,
 *   bytes stored, identity of the file (64-bit FNV-1a of job ID, path,
 *   size, file ID and signature), CRC-16/XMODEM of the bytes stored, and a
 *   CRC-16 of the record itself.
 *
 * The record is native-endian and only read back by the same device and
 * library version. At a breakpoint the port is told first (ota_set_boot
 * with OTA_BREAKPOINT, so it saves its own resume state) and the record is
 * written next; a power cut between the two leaves the port one breakpoint
 * ahead, which the CRC check on resume cannot see (the port's bytes are
 * fine, only its own bookkeeping may be off).
 *
 * Every function runs in the agent task, except set/get image state and
 * reset, which only touch the record.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ota_private.h"
#include "ota_platform_interface.h"
#include "ota_pal_extensions.h"
#include "ota_alios_adapter.h"

#ifdef OTA_FEATURE_VERIFY
    #include "ota_signature.h"
#endif

/* Bytes read from flash at a time when checking the image. */
#ifndef OTA_ALIOS_READ_CHUNK
    #define OTA_ALIOS_READ_CHUNK    256U
#endif

#define RECORD_MAGIC      0x4f544250UL /* "OTBP" */
#define RECORD_VERSION    1U

#define RECORD_NONE           0U
#define RECORD_DOWNLOADING    1U
#define RECORD_PENDING        2U

typedef struct
{
    uint32_t magic;
    uint16_t version;
    uint16_t kind;
    uint32_t fileSize;
    uint32_t offset;
    uint32_t identityLow;
    uint32_t identityHigh;
    uint16_t crc;
    uint16_t check;
} Record_t;

/* The header promises this size to the application's storage. */
typedef char recordSizeCheck[ ( sizeof( Record_t ) == OTA_ALIOS_STATE_LENGTH ) ? 1 : -1 ];

#define RECORD_CHECKED_BYTES    ( offsetof( Record_t, check ) )

static struct
{
    bool configured;
    OtaAliOSConfig_t cfg;
    hal_ota_module_t * m;
    bool open;            /* between createFile and the closeFile / abort */
    bool discard;         /* the agent rejected this transfer: keep no breakpoint */
    uint32_t fileSize;
    uint32_t offset;      /* bytes written, all of them covered by crc */
    uint16_t crc;
    uint64_t identity;
    uint32_t sinceBreakpoint;
    uint32_t resumeOffset;
} s;

static uint8_t readBuffer[ OTA_ALIOS_READ_CHUNK ];

/*-------------------------------- Helpers ---------------------------------*/

uint16_t OTA_AliOS_Crc16( uint16_t crc,
                          const uint8_t * pData,
                          size_t length )
{
    size_t i;
    unsigned bit;

    if( pData == NULL )
    {
        return crc;
    }

    for( i = 0; i < length; i++ )
    {
        crc = ( uint16_t ) ( crc ^ ( uint16_t ) ( ( uint16_t ) pData[ i ] << 8 ) );

        for( bit = 0; bit < 8U; bit++ )
        {
            if( ( crc & 0x8000U ) != 0U )
            {
                crc = ( uint16_t ) ( ( uint16_t ) ( crc << 1 ) ^ 0x1021U );
            }
            else
            {
                crc = ( uint16_t ) ( crc << 1 );
            }
        }
    }

    return crc;
}

uint32_t OTA_AliOS_GetResumeOffset( void )
{
    return s.resumeOffset;
}

static uint64_t fnv( uint64_t h,
                     const uint8_t * p,
                     size_t n )
{
    size_t i;

    for( i = 0; i < n; i++ )
    {
        h ^= p[ i ];
        h *= 0x100000001b3ULL;
    }

    return h;
}

/* Hashes a C string of at most max bytes (256 if the size is unknown), then
 * a NUL so that neighbouring fields cannot run into each other. */
static uint64_t fnvText( uint64_t h,
                         const uint8_t * p,
                         size_t max )
{
    static const uint8_t nul = 0U;
    size_t n = 0U;

    if( max == 0U )
    {
        max = 256U;
    }

    if( p != NULL )
    {
        while( ( n < max ) && ( p[ n ] != 0U ) )
        {
            n++;
        }

        h = fnv( h, p, n );
    }

    return fnv( h, &nul, 1U );
}

static uint64_t fnvWord( uint64_t h,
                         uint32_t w )
{
    uint8_t b[ 4 ];

    b[ 0 ] = ( uint8_t ) w;
    b[ 1 ] = ( uint8_t ) ( w >> 8 );
    b[ 2 ] = ( uint8_t ) ( w >> 16 );
    b[ 3 ] = ( uint8_t ) ( w >> 24 );
    return fnv( h, b, sizeof( b ) );
}

static uint64_t fileIdentity( const OtaFileContext_t * c )
{
    uint64_t h = 0xcbf29ce484222325ULL;

    h = fnvText( h, c->pJobName, c->jobNameMaxSize );
    h = fnvText( h, c->pFilePath, c->filePathMaxSize );
    h = fnvWord( h, c->fileSize );
    h = fnvWord( h, c->serverFileID );

    if( c->pSignature != NULL )
    {
        size_t n = c->pSignature->size;

        if( n > sizeof( c->pSignature->data ) )
        {
            n = sizeof( c->pSignature->data );
        }

        h = fnvWord( h, ( uint32_t ) n );
        h = fnv( h, c->pSignature->data, n );
    }

    return h;
}

static bool loadRecord( Record_t * r )
{
    if( s.cfg.loadState == NULL )
    {
        return false;
    }

    ( void ) memset( r, 0, sizeof( *r ) );

    if( s.cfg.loadState( r, OTA_ALIOS_STATE_LENGTH ) != 0 )
    {
        return false;
    }

    return ( r->magic == RECORD_MAGIC ) && ( r->version == RECORD_VERSION ) &&
           ( r->check == OTA_AliOS_Crc16( 0U, ( const uint8_t * ) r, RECORD_CHECKED_BYTES ) );
}

static void saveRecord( uint16_t kind,
                        uint32_t offset,
                        uint16_t crc )
{
    Record_t r;

    if( s.cfg.saveState == NULL )
    {
        return;
    }

    ( void ) memset( &r, 0, sizeof( r ) );
    r.magic = RECORD_MAGIC;
    r.version = RECORD_VERSION;
    r.kind = kind;
    r.fileSize = s.fileSize;
    r.offset = offset;
    r.identityLow = ( uint32_t ) s.identity;
    r.identityHigh = ( uint32_t ) ( s.identity >> 32 );
    r.crc = crc;
    r.check = OTA_AliOS_Crc16( 0U, ( const uint8_t * ) &r, RECORD_CHECKED_BYTES );

    if( s.cfg.saveState( &r, OTA_ALIOS_STATE_LENGTH ) != 0 )
    {
        LogWarn( ( "AliOS PAL: the breakpoint record could not be saved." ) );
    }
}

static bool recordIs( uint16_t kind )
{
    Record_t r;

    return loadRecord( &r ) && ( r.kind == kind );
}

static void finishParam( ota_finish_param_t * p,
                         OTA_ENUM_RESULT_TYPE result )
{
    ( void ) memset( p, 0, sizeof( *p ) );
    p->update_type = s.cfg.updateType;
    p->result_type = result;
    p->firmware_type = s.cfg.firmwareType;
    p->splict_size = s.cfg.splictSize;
    p->diff_version = s.cfg.diffVersion;
}

static uint32_t subCode( int rc )
{
    return ( uint32_t ) rc & OTA_PAL_ERR_MASK;
}

/* The port saves its own state (its running CRC, mostly), then the record. */
static void breakpoint( void )
{
    ota_finish_param_t p;

    finishParam( &p, OTA_BREAKPOINT );
    ( void ) s.m->ota_set_boot( s.m, &p );
    saveRecord( RECORD_DOWNLOADING, s.offset, s.crc );
    s.sinceBreakpoint = 0U;
}

/* Reads the first length bytes of the OTA partition back; their CRC goes to
 * *pCrc and, when pSha is not NULL, they are hashed into it. */
static bool readBack( uint32_t length,
                      uint16_t * pCrc,
                      void * pSha )
{
    uint32_t done = 0U;
    uint16_t crc = 0U;

    while( done < length )
    {
        uint32_t n = length - done;
        volatile uint32_t at = done;

        if( n > sizeof( readBuffer ) )
        {
            n = sizeof( readBuffer );
        }

        if( s.m->ota_read( s.m, &at, readBuffer, n ) != 0 )
        {
            return false;
        }

        crc = OTA_AliOS_Crc16( crc, readBuffer, n );

        #ifdef OTA_FEATURE_VERIFY
            if( pSha != NULL )
            {
                OTA_Sha256Update( ( OtaSha256Context_t * ) pSha, readBuffer, n );
            }
        #else
            ( void ) pSha;
        #endif

        done += n;
    }

    *pCrc = crc;
    return true;
}

/*------------------------------- The PAL ----------------------------------*/

static OtaPalStatus_t aliosCreateFile( OtaFileContext_t * const pFileContext )
{
    Record_t r;
    uint32_t lastBlockStart;
    uint32_t initOffset;
    int rc;

    if( !s.configured )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalRxFileCreateFailed, OTA_ALIOS_ERR_NOT_CONFIGURED );
    }

    if( pFileContext == NULL )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalNullFileContext, 0U );
    }

    s.open = false;
    s.discard = false;
    s.fileSize = pFileContext->fileSize;
    s.identity = fileIdentity( pFileContext );
    s.offset = 0U;
    s.crc = 0U;
    s.sinceBreakpoint = 0U;
    s.resumeOffset = 0U;
    lastBlockStart = ( s.fileSize > 0U ) ? ( ( ( s.fileSize - 1U ) / OTA_FILE_BLOCK_SIZE ) * OTA_FILE_BLOCK_SIZE ) : 0U;

    if( loadRecord( &r ) && ( r.kind == RECORD_DOWNLOADING ) && ( r.fileSize == s.fileSize ) &&
        ( r.identityLow == ( uint32_t ) s.identity ) && ( r.identityHigh == ( uint32_t ) ( s.identity >> 32 ) ) &&
        ( r.offset > 0U ) && ( r.offset <= lastBlockStart ) && ( ( r.offset % OTA_FILE_BLOCK_SIZE ) == 0U ) )
    {
        uint16_t crc = 0U;

        if( readBack( r.offset, &crc, NULL ) && ( crc == r.crc ) )
        {
            s.offset = r.offset;
            s.crc = r.crc;
        }
        else
        {
            LogWarn( ( "AliOS PAL: the %u bytes kept at the breakpoint changed in flash: starting over.", ( unsigned ) r.offset ) );
        }
    }

    initOffset = s.offset;
    rc = s.m->init( s.m, &initOffset );

    if( rc != 0 )
    {
        LogError( ( "AliOS PAL: the port's init failed (%d).", rc ) );
        s.offset = 0U;
        s.crc = 0U;
        pFileContext->pFile = NULL;
        return OTA_PAL_COMBINE_ERR( OtaPalRxFileCreateFailed, subCode( rc ) );
    }

    s.open = true;
    s.resumeOffset = s.offset;
    /* Any non-NULL value: the agent only tests it. */
    pFileContext->pFile = ( otaconfigOTA_FILE_TYPE * ) ( void * ) s.m;

    if( s.offset > 0U )
    {
        LogInfo( ( "AliOS PAL: resuming the download at byte %u of %u.", ( unsigned ) s.offset, ( unsigned ) s.fileSize ) );
        OTA_PalSetResumeOffset( s.offset );
    }

    /* From now on the record names this file (replacing any other). */
    saveRecord( RECORD_DOWNLOADING, s.offset, s.crc );
    return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0U );
}

static int16_t aliosWriteBlock( OtaFileContext_t * const pFileContext,
                                uint32_t offset,
                                uint8_t * const pData,
                                uint32_t blockSize )
{
    volatile uint32_t at;
    int rc;

    ( void ) pFileContext;

    if( !s.open || ( pData == NULL ) || ( blockSize > ( s.fileSize - s.offset ) ) )
    {
        return -1;
    }

    if( offset != s.offset )
    {
        /* The agent writes in order for this PAL; anything else is a bug. */
        LogError( ( "AliOS PAL: write at %u, expected %u (the port only appends).", ( unsigned ) offset, ( unsigned ) s.offset ) );
        return -1;
    }

    at = s.offset;
    rc = s.m->ota_write( s.m, &at, pData, blockSize );

    if( rc != 0 )
    {
        LogError( ( "AliOS PAL: the port's ota_write failed (%d) at %u.", rc, ( unsigned ) offset ) );
        return -1;
    }

    s.crc = OTA_AliOS_Crc16( s.crc, pData, blockSize );
    s.offset += blockSize;
    s.sinceBreakpoint++;

    if( ( s.cfg.breakpointEveryBlocks > 0U ) && ( s.sinceBreakpoint >= s.cfg.breakpointEveryBlocks ) &&
        ( s.offset < s.fileSize ) )
    {
        breakpoint();
    }

    /* Sizes above 32767 wrap, as the agent expects. */
    return ( int16_t ) ( uint16_t ) blockSize;
}

static OtaPalStatus_t aliosCloseFile( OtaFileContext_t * const pFileContext )
{
    OtaPalStatus_t status;

    if( pFileContext != NULL )
    {
        pFileContext->pFile = NULL;
    }

    if( !s.open )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalFileClose, OTA_ALIOS_ERR_NO_FILE );
    }

    s.open = false;

    if( s.offset != s.fileSize )
    {
        status = OTA_PAL_COMBINE_ERR( OtaPalFileClose, OTA_ALIOS_ERR_INCOMPLETE );
    }
    else
    {
        #ifdef OTA_FEATURE_VERIFY
            OtaSha256Context_t sha;
            uint8_t digest[ OTA_SHA256_DIGEST_LENGTH ];
            uint16_t crc = 0U;

            OTA_Sha256Init( &sha );

            if( !readBack( s.fileSize, &crc, &sha ) )
            {
                status = OTA_PAL_COMBINE_ERR( OtaPalFileClose, OTA_ALIOS_ERR_READ );
            }
            else if( crc != s.crc )
            {
                status = OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, OTA_ALIOS_ERR_READBACK_CRC );
            }
            else
            {
                const Sig_t * sig = ( pFileContext != NULL ) ? pFileContext->pSignature : NULL;

                OTA_Sha256Final( &sha, digest );
                status = OTA_VerifySignatureP256( s.cfg.pSignerKey, s.cfg.signerKeyLength, digest,
                                                  ( sig != NULL ) ? sig->data : NULL,
                                                  ( sig != NULL ) ? sig->size : 0U );
            }
        #else
            status = OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, OTA_ALIOS_ERR_NO_VERIFIER );
        #endif
    }

    if( OTA_PAL_MAIN_ERR( status ) != OtaPalSuccess )
    {
        LogError( ( "AliOS PAL: the received image was not accepted (0x%08x).", ( unsigned ) status ) );
    }

    /* Complete: nothing to resume. Bad: nothing worth resuming. */
    saveRecord( RECORD_NONE, 0U, 0U );
    return status;
}

static OtaPalStatus_t aliosAbort( OtaFileContext_t * const pFileContext )
{
    if( pFileContext != NULL )
    {
        pFileContext->pFile = NULL;
    }

    if( !s.open )
    {
        /* Also how the agent ends a file that closed normally. */
        return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0U );
    }

    s.open = false;

    if( s.discard )
    {
        saveRecord( RECORD_NONE, 0U, 0U );
    }
    else if( ( s.offset > 0U ) && ( s.offset < s.fileSize ) )
    {
        LogInfo( ( "AliOS PAL: download interrupted after %u of %u bytes: breakpoint.", ( unsigned ) s.offset, ( unsigned ) s.fileSize ) );
        breakpoint();
    }
    else
    {
        /* Nothing stored yet: nothing to note. */
    }

    return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0U );
}

static OtaPalStatus_t aliosActivate( OtaFileContext_t * const pFileContext )
{
    ota_finish_param_t p;
    int rc;

    ( void ) pFileContext;

    if( !s.configured )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, OTA_ALIOS_ERR_NOT_CONFIGURED );
    }

    /* Noted first: OTA_FINISH usually reboots from inside the port. */
    saveRecord( RECORD_PENDING, s.fileSize, s.crc );
    finishParam( &p, OTA_FINISH );
    rc = s.m->ota_set_boot( s.m, &p );

    if( rc != 0 )
    {
        LogError( ( "AliOS PAL: ota_set_boot( OTA_FINISH ) failed (%d).", rc ) );
        saveRecord( RECORD_NONE, 0U, 0U );
        return OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, subCode( rc ) );
    }

    if( s.cfg.reboot != NULL )
    {
        s.cfg.reboot();
    }

    return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0U );
}

static OtaPalStatus_t aliosReset( OtaFileContext_t * const pFileContext )
{
    ( void ) pFileContext;

    if( !s.configured )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, OTA_ALIOS_ERR_NOT_CONFIGURED );
    }

    /* The agent resets to give up on a new image; a flash port cannot roll
     * back on request, so stop calling the image pending (otherwise every
     * job would reset again) and let the boot loader decide. */
    if( recordIs( RECORD_PENDING ) )
    {
        saveRecord( RECORD_NONE, 0U, 0U );
    }

    if( s.cfg.reboot == NULL )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, OTA_ALIOS_ERR_NO_REBOOT );
    }

    s.cfg.reboot();
    return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0U );
}

static OtaPalStatus_t aliosSetState( OtaFileContext_t * const pFileContext,
                                     OtaImageState_t eState )
{
    OtaPalStatus_t status = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0U );
    int rc;

    ( void ) pFileContext;

    if( !s.configured )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalBadImageState, OTA_ALIOS_ERR_NOT_CONFIGURED );
    }

    switch( eState )
    {
        case OtaImageStateTesting:
            break;

        case OtaImageStateAccepted:

            if( !recordIs( RECORD_PENDING ) )
            {
                status = OTA_PAL_COMBINE_ERR( OtaPalCommitFailed, OTA_ALIOS_ERR_NOT_PENDING );
                break;
            }

            if( s.m->ota_rollback != NULL )
            {
                rc = s.m->ota_rollback( s.m );

                if( rc != 0 )
                {
                    status = OTA_PAL_COMBINE_ERR( OtaPalCommitFailed, subCode( rc ) );
                    break;
                }
            }

            saveRecord( RECORD_NONE, 0U, 0U );
            break;

        case OtaImageStateRejected:

            if( s.open )
            {
                /* The transfer failed: the abort that follows keeps nothing. */
                s.discard = true;
                saveRecord( RECORD_NONE, 0U, 0U );
            }
            else if( recordIs( RECORD_PENDING ) )
            {
                saveRecord( RECORD_NONE, 0U, 0U );
            }
            else
            {
                /* A breakpoint of another job stays for that job. */
            }

            break;

        case OtaImageStateAborted:
            /* The abort that follows notes the breakpoint. */
            break;

        default:
            status = OTA_PAL_COMBINE_ERR( OtaPalBadImageState, 0U );
            break;
    }

    return status;
}

static OtaPalImageState_t aliosGetState( OtaFileContext_t * const pFileContext )
{
    ( void ) pFileContext;
    return recordIs( RECORD_PENDING ) ? OtaPalImageStatePendingCommit : OtaPalImageStateValid;
}

bool OTA_AliOS_GetPalInterfaceChecked( OtaPalInterface_t * pPal,
                                       const OtaAliOSConfig_t * pConfig,
                                       uint32_t sizeofModule,
                                       uint32_t sizeofFinishParam,
                                       uint32_t sizeofConfig )
{
    hal_ota_module_t * m;

    if( ( pPal == NULL ) || ( pConfig == NULL ) )
    {
        LogError( ( "OTA_AliOS_GetPalInterface: NULL argument." ) );
        return false;
    }

    if( ( sizeofModule != sizeof( hal_ota_module_t ) ) || ( sizeofFinishParam != sizeof( ota_finish_param_t ) ) ||
        ( sizeofConfig != sizeof( OtaAliOSConfig_t ) ) )
    {
        LogError( ( "OTA_AliOS_GetPalInterface: layout mismatch: hal_ota_module_t %u/%u, ota_finish_param_t %u/%u, "
                    "OtaAliOSConfig_t %u/%u bytes (caller/library).",
                    ( unsigned ) sizeofModule, ( unsigned ) sizeof( hal_ota_module_t ),
                    ( unsigned ) sizeofFinishParam, ( unsigned ) sizeof( ota_finish_param_t ),
                    ( unsigned ) sizeofConfig, ( unsigned ) sizeof( OtaAliOSConfig_t ) ) );
        return false;
    }

    m = ( pConfig->pModule != NULL ) ? pConfig->pModule : hal_ota_get_default_module();

    if( ( m == NULL ) || ( m->init == NULL ) || ( m->ota_write == NULL ) || ( m->ota_read == NULL ) ||
        ( m->ota_set_boot == NULL ) )
    {
        LogError( ( "OTA_AliOS_GetPalInterface: the module needs init, ota_write, ota_read and ota_set_boot." ) );
        return false;
    }

    ( void ) memset( &s, 0, sizeof( s ) );
    s.cfg = *pConfig;
    s.m = m;
    s.configured = true;

    pPal->abort = aliosAbort;
    pPal->createFile = aliosCreateFile;
    pPal->closeFile = aliosCloseFile;
    pPal->writeBlock = aliosWriteBlock;
    pPal->activate = aliosActivate;
    pPal->reset = aliosReset;
    pPal->setPlatformImageState = aliosSetState;
    pPal->getPlatformImageState = aliosGetState;

    OTA_SetSequentialWrites( true );
    return true;
}
